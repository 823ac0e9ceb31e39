import { error } from '@sveltejs/kit';
import { currentBasemap } from '$lib/server/basemap.config';
import { pmtilesRange } from '$lib/server/pmtiles-file';
import type { RequestHandler } from './$types';

/** The local PMTiles basemap (BASEMAP_PMTILES set to a path), read by byte ranges. */
export const GET: RequestHandler = async ({ request }) => {
	const file = currentBasemap().file;
	if (!file) error(404, 'Not found');
	return pmtilesRange(file, request.headers.get('range'));
};
