import { listFireSites } from '$lib/map/layers/fire-sites/fire-sites.contract';
import { fireSitesGeoJSON } from '$lib/server/layers/layers.query';
import { zoneLayer } from '$lib/server/layers/zone-layer.route';

export const GET = zoneLayer(listFireSites, fireSitesGeoJSON);
