import { zoneSource } from '../zone-source';
import { fireSiteCollectionSchema, fireSitesEndpoint } from './fire-sites.contract';

export const fireSites = zoneSource(fireSitesEndpoint, fireSiteCollectionSchema);
