import { get, query } from '$lib/api/client';
import type { LayerSource } from '../layer-spec';
import { teamCollectionSchema, teamsEndpoint, type TeamCollection } from './teams.contract';

export const teams: LayerSource<TeamCollection> = {
	load: ({ zone }, signal) =>
		get(`${teamsEndpoint.path}${query({ zone })}`, teamCollectionSchema, { signal })
};
