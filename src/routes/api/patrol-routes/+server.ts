import { listPatrolRoutes } from '$lib/domain/contracts/map';
import { patrolRoutesGeoJSON } from '$lib/server/layers/layers.query';
import { zoneLayer } from '$lib/server/layers/zone-layer.route';

export const GET = zoneLayer(listPatrolRoutes, patrolRoutesGeoJSON);
