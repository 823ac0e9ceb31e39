import { roadsGeoJSON } from '$lib/server/layers/zones.query';
import { zoneLayerHandler } from '$lib/server/layers/zone-layer.route';

export const GET = zoneLayerHandler(roadsGeoJSON);
