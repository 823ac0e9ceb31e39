import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { asPatrolCaller, bodyOf, fresh, queryOf } from '$lib/server/patrols/patrol-http';
import { ingestPositions } from '$lib/server/patrols/positions.service';
import { zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

/** Largest body, bytes: a full batch of 1,000 positions with room to spare. */
const POSITIONS_BODY_MAX = 256 * 1024;

/**
 * Devices (an API token) and officers' phones post positions: 202 with what was accepted and each
 * refused item's index and reason; idempotent on (unit, ts). Who may report for which unit is the
 * database's rule (app.can_report_patrol_positions).
 */
export const POST: RequestHandler = async (event) => {
	const query = queryOf(event, E['POST /api/patrol-positions'].query);
	if (!query.ok) return query.response;
	const body = await bodyOf(event, E['POST /api/patrol-positions'].body, POSITIONS_BODY_MAX);
	if (!body.ok) return body.response;
	return asPatrolCaller(event, async (q) => {
		const zone = await zoneOr404(q, query.value.zone, event.locals.lang ?? 'vi');
		return fresh(await ingestPositions(q, zone.id, body.value), 202);
	});
};
