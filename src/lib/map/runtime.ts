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
export { boundsOf, roadLabelPoint, unitLabelPoint } from '$lib/geo/label-point';

export type MapRuntime = typeof import('./runtime');
