import { zoneSource } from '../zone-source';
import { listFireSites } from './fire-sites.contract';

export const fireSites = zoneSource(listFireSites);
