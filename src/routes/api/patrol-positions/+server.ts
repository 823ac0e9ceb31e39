import { postPatrolPositions } from '$lib/domain/contracts/patrols';
import { endpoint } from '$lib/server/endpoint';
import { ingestPositions } from '$lib/server/patrols/positions.service';
import { asCaller, zoneOr404 } from '$lib/server/read';

/**
 * Devices (an API token) and officers' phones post positions: 202 with what was accepted and each
 * refused item's index and reason; idempotent on (unit, ts). Who may report for which unit is the
 * database's rule ('patrol_positions.report', app.can_report_patrol_positions).
 */
export const POST = endpoint(postPatrolPositions, ({ query, body, locals }) =>
	asCaller(locals, async (q) => ingestPositions(q, (await zoneOr404(q, query.zone)).id, body))
);
