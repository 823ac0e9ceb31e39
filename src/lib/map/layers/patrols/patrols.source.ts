import { get, query } from '$lib/api/client';
import type { LayerSource } from '../layer-spec';
import {
	patrolRouteCollectionSchema,
	patrolRoutesEndpoint,
	type PatrolRouteCollection
} from './patrols.contract';

export const patrolRoutes: LayerSource<PatrolRouteCollection> = {
	load: ({ zone }, signal) =>
		get(`${patrolRoutesEndpoint.path}${query({ zone })}`, patrolRouteCollectionSchema, {
			signal
		}),
	// A planner's edit reaches every map.
	live: 'patrol'
};
