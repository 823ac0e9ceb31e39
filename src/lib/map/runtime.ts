/**
 * Everything heavy the map needs (MapLibre, deck.gl, turf), behind one dynamic import so the
 * page shell stays small. Import it with `await import('$lib/map/runtime')`, never statically.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
// maplibre-gl 6 starts its worker from a separate module file; without this the map fails
// with "Worker failed to load" under Vite.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
export { MapboxOverlay } from '@deck.gl/mapbox';
export { incidentsLayer, INCIDENTS_LAYER_ID } from './layers/incidents.layer';
export { incidentPointsLayer, INCIDENT_POINTS_LAYER_ID } from './layers/incident-points.layer';
export { hexbinsLayer, HEXBINS_LAYER_ID } from './layers/hexbins.layer';
export { blackSpotsLayers, BLACK_SPOTS_LAYER_ID } from './layers/black-spots.layer';
export { heatmapLayer, HEATMAP_LAYER_ID } from './layers/heatmap.layer';
export { accidentsLayer, ACCIDENTS_LAYER_ID } from './layers/accidents.layer';
export { kmPostsLayer, kmLabelsLayer } from './layers/road-km.layer';
export { fireSitesLayer, fireOverdueLayer, FIRE_SITES_LAYER_ID } from './layers/fire-sites.layer';
export { teamsLayer, TEAMS_LAYER_ID } from './layers/teams.layer';
export { patrolsLayer, patrolParts, PATROLS_LAYER_ID } from './layers/patrols.layer';
export { pulseLayer } from './layers/pulse.layer';
export { boundsOf, roadLabelPoint, unitLabelPoint } from '$lib/geo/label-point';

export type MapRuntime = typeof import('./runtime');
