import { createPatrolRoute } from '$lib/domain/contracts/patrols';
import { listPatrolRoutes } from '$lib/map/layers/patrols/patrols.contract';
import { endpoint } from '$lib/server/endpoint';
import { patrolRoutesGeoJSON } from '$lib/server/layers/layers.query';
import { zoneLayer } from '$lib/server/layers/zone-layer.route';
import { requireWriter } from '$lib/server/patrols/patrol-http';
import { createRoute } from '$lib/server/patrols/routes.service';
import { asCaller, zoneOr404 } from '$lib/server/read';

export const GET = zoneLayer(listPatrolRoutes, patrolRoutesGeoJSON);

/** The stable contract: a route (or area) with one shift → 201 {id}, in `?zone=` (default: first). */
export const POST = endpoint(createPatrolRoute, ({ query, body, locals }) => {
	requireWriter(locals);
	return asCaller(locals, async (q) => ({
		id: await createRoute(q, (await zoneOr404(q, query.zone)).id, body)
	}));
});
