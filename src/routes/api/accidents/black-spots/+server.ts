import { listBlackSpots } from '$lib/map/layers/accidents/accidents.contract';
import { blackSpotsGeoJSON } from '$lib/server/accidents/accidents.query';
import { endpoint } from '$lib/server/endpoint';
import { asCaller, zoneOr404 } from '$lib/server/read';

/** Black spots of the 12 months before `to` (default: now), sections of `section` metres. */
export const GET = endpoint(listBlackSpots, ({ query, locals }) => {
	const { to = new Date(), section = 1000, zone } = query;
	return asCaller(locals, async (q) =>
		blackSpotsGeoJSON(q, { zoneId: (await zoneOr404(q, zone)).id, until: to, sectionM: section })
	);
});
