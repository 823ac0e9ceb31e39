import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { patrolRoutesGeoJSON } from '$lib/server/layers/layers.query';
import { zoneLayerHandler } from '$lib/server/layers/zone-layer.route';
import {
	asPatrolCaller,
	bodyOf,
	fresh,
	queryOf,
	writerOr403
} from '$lib/server/patrols/patrol-http';
import { createRoute } from '$lib/server/patrols/routes.service';
import { zoneOr404 } from '$lib/server/read';
import { zoneOnlyQuery } from '$lib/domain/params';
import type { RequestHandler } from './$types';

export const GET = zoneLayerHandler(patrolRoutesGeoJSON);

/** The stable contract: a route (or area) with one shift → 201 {id}, in `?zone=` (default: first). */
export const POST: RequestHandler = async (event) => {
	const denied = writerOr403(event);
	if (denied) return denied;
	const zone = queryOf(event, zoneOnlyQuery);
	if (!zone.ok) return zone.response;
	const body = await bodyOf(event, E['POST /api/patrol-routes'].body);
	if (!body.ok) return body.response;
	return asPatrolCaller(event, async (q) => {
		const z = await zoneOr404(q, zone.value.zone, event.locals.lang ?? 'vi');
		return fresh({ id: await createRoute(q, z.id, body.value) }, 201);
	});
};
