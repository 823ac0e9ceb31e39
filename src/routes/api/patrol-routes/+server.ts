import { listPatrolRoutes } from '$lib/map/layers/patrols/patrols.contract';
import { patrolRoutesGeoJSON } from '$lib/server/layers/layers.query';
import { zoneLayer } from '$lib/server/layers/zone-layer.route';

export const GET = zoneLayer(listPatrolRoutes, patrolRoutesGeoJSON);
