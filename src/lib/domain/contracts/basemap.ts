/** The local PMTiles basemap the app serves when BASEMAP_PMTILES names a file. */
import * as z from 'zod/mini';
import { contract } from '../contract';

export const basemapTiles = contract({
	method: 'GET',
	path: '/basemap/tiles.pmtiles',
	tag: 'basemap',
	summary: 'The local PMTiles archive, read by byte ranges (signed-in users only).',
	requestHeaders: {
		range: { description: '`bytes=a-b` (at most 16 MiB at once).', schema: z.string() }
	},
	answer: {
		status: 206,
		description:
			'The bytes asked for (`content-range`); without `Range`, the whole file (200) when it is small.',
		media: 'application/vnd.pmtiles',
		cache: 'private, max-age=3600'
	},
	refusals: {
		404: 'No local PMTiles basemap is configured.',
		416: { description: 'The range is malformed, unsatisfiable or too large.', empty: true }
	}
});
