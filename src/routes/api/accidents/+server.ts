import { msg } from '$lib/domain/api-text';
import { listAccidents } from '$lib/map/layers/accidents/accidents.contract';
import { accidentsGeoJSON } from '$lib/server/accidents/accidents.query';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { asCaller, zoneOr404 } from '$lib/server/read';

export const GET = endpoint(listAccidents, ({ query: { from, to, zone }, locals }) => {
	if (from && to && from >= to) refuse(400, 'to', msg('afterFrom'));
	return asCaller(locals, async (q) =>
		accidentsGeoJSON(q, { zoneId: (await zoneOr404(q, zone)).id, from, to })
	);
});
