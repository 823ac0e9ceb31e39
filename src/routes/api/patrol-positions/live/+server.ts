import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { asPatrolCaller, fresh, queryOf } from '$lib/server/patrols/patrol-http';
import { livePositions } from '$lib/server/patrols/positions.service';
import { zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

/** Units heard from in the last hour with their track, stale after 5 minutes (read audited). */
export const GET: RequestHandler = async (event) => {
	const query = queryOf(event, E['GET /api/patrol-positions/live'].query);
	if (!query.ok) return query.response;
	return asPatrolCaller(event, async (q) => {
		const zone = await zoneOr404(q, query.value.zone, event.locals.lang ?? 'vi');
		return fresh(await livePositions(q, zone.id));
	});
};
