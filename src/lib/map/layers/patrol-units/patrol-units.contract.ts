/** GET /api/patrol-positions/live: patrol units heard from in the last hour, with their track. */
import { contract } from '$lib/domain/contract';
import { ZONE_NOT_FOUND, zoneOnly } from '$lib/domain/contracts/shared';
import { patrolLiveAnswer, type LiveUnits } from '$lib/domain/patrol-answers';

export const patrolUnitsSchema = patrolLiveAnswer;
export type PatrolUnitFeature = LiveUnits['features'][number];

export const livePatrolUnits = contract({
	method: 'GET',
	path: '/api/patrol-positions/live',
	tag: 'patrols',
	summary:
		'Units heard from in the last hour with their track; `stale` after 5 minutes (the read is audited).',
	query: zoneOnly,
	answer: { description: 'The units.', schema: patrolUnitsSchema },
	refusals: {
		403: "Your role may not read patrol units' positions (`patrol_positions.read`).",
		404: ZONE_NOT_FOUND
	}
});
