import { livePatrolUnits } from '$lib/map/layers/patrol-units/patrol-units.contract';
import { endpoint } from '$lib/server/endpoint';
import { livePositions } from '$lib/server/patrols/positions.service';
import { asCaller, zoneOr404 } from '$lib/server/read';

/** Units heard from in the last hour with their track, stale after 5 minutes (read audited). */
export const GET = endpoint(livePatrolUnits, ({ query, locals }) =>
	asCaller(locals, async (q) => livePositions(q, (await zoneOr404(q, query.zone)).id))
);
