import { zoneSource } from '../zone-source';
import { patrolRouteCollectionSchema, patrolRoutesEndpoint } from './patrols.contract';

export const patrolRoutes = {
	...zoneSource(patrolRoutesEndpoint, patrolRouteCollectionSchema),
	// A planner's edit reaches every map.
	live: 'patrol' as const
};
