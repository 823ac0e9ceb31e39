import { msg } from '$lib/domain/api-text';
import { basemapTiles } from '$lib/domain/contracts/basemap';
import { currentBasemap } from '$lib/server/basemap.config';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { pmtilesRange } from '$lib/server/pmtiles-file';

/** The local PMTiles basemap (BASEMAP_PMTILES set to a path), read by byte ranges. */
export const GET = endpoint(basemapTiles, ({ event: { request } }) => {
	const file = currentBasemap().file;
	if (!file) refuse(404, undefined, msg('notFound'));
	return pmtilesRange(file, request.headers.get('range'));
});
