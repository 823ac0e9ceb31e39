import { listRoads } from '$lib/domain/contracts/map';
import { roadsGeoJSON } from '$lib/server/layers/zones.query';
import { zoneLayer } from '$lib/server/layers/zone-layer.route';

export const GET = zoneLayer(listRoads, roadsGeoJSON);
