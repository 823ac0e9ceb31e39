import { get, query } from '$lib/api/client';
import type { LayerSource } from '../layer-spec';
import {
	fireSiteCollectionSchema,
	fireSitesEndpoint,
	type FireSiteCollection
} from './fire-sites.contract';

export const fireSites: LayerSource<FireSiteCollection> = {
	load: ({ zone }, signal) =>
		get(`${fireSitesEndpoint.path}${query({ zone })}`, fireSiteCollectionSchema, { signal })
};
