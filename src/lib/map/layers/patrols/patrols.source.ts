import { zoneSource } from '../zone-source';
import { listPatrolRoutes } from './patrols.contract';

export const patrolRoutes = {
	...zoneSource(listPatrolRoutes),
	// A planner's edit reaches every map.
	live: 'patrol' as const
};
