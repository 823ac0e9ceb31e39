import type { LayerSource } from '../layer-spec';
import type { LiveUnits } from '$lib/domain/patrol-answers';
import { zoneSource } from '../zone-source';
import { livePatrolUnits } from './patrol-units.contract';

/** Live units: reloaded when the stream says a unit moved (within the 2 s the issue asks). */
export const patrolUnits: LayerSource<LiveUnits> = {
	...zoneSource(livePatrolUnits),
	live: 'position'
};
