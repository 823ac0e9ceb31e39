import { fireSitesGeoJSON } from '$lib/server/layers/layers.query';
import { zoneLayerHandler } from '$lib/server/layers/zone-layer.route';

export const GET = zoneLayerHandler(fireSitesGeoJSON);
