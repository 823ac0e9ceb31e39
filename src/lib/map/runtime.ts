/**
 * Everything heavy the map needs (MapLibre, deck.gl, turf), behind one dynamic import so the
 * page shell stays small. Import it with `await import('$lib/map/runtime')`, never statically.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import { pmtilesStyle } from './basemap/pmtiles-style';
// maplibre-gl 6 starts its worker from a separate module file; without this the map fails
// with "Worker failed to load" under Vite.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);

let pmtilesProtocol: import('pmtiles').Protocol | null = null;

/**
 * The style for a PMTiles basemap (BASEMAP_PMTILES). The `pmtiles` package is imported here, on
 * demand, so installs with the offline basemap never download it. `url` must be absolute.
 */
export async function pmtilesBasemapStyle(
	url: string,
	attribution: string | null
): Promise<StyleSpecification> {
	const { PMTiles, Protocol } = await import('pmtiles');
	if (!pmtilesProtocol) {
		pmtilesProtocol = new Protocol();
		maplibregl.addProtocol('pmtiles', pmtilesProtocol.tile);
	}
	const archive = new PMTiles(url);
	pmtilesProtocol.add(archive);
	const header = await archive.getHeader();
	const metadata = (await archive.getMetadata().catch(() => ({}))) as {
		vector_layers?: { id?: unknown }[];
		attribution?: unknown;
	};
	const vectorLayers = (metadata.vector_layers ?? [])
		.map((l) => l.id)
		.filter((id): id is string => typeof id === 'string');
	return pmtilesStyle(`pmtiles://${url}`, {
		tileType: header.tileType,
		minZoom: header.minZoom,
		maxZoom: header.maxZoom,
		vectorLayers,
		attribution:
			attribution ?? (typeof metadata.attribution === 'string' ? metadata.attribution : null)
	});
}

export { maplibregl };
export { MapboxOverlay } from '@deck.gl/mapbox';
export {
	incidentPointsLayer,
	nearestPoint,
	pointAttributes,
	INCIDENT_POINTS_LAYER_ID,
	type PointAttributes
} from './layers/incident-points.layer';
export { hexbinsLayer, HEXBINS_LAYER_ID } from './layers/hexbins.layer';
export { blackSpotPaths, blackSpotsLayers, BLACK_SPOTS_LAYER_ID } from './layers/black-spots.layer';
export { heatmapLayer, HEATMAP_LAYER_ID } from './layers/heatmap.layer';
export { accidentsLayer, ACCIDENTS_LAYER_ID } from './layers/accidents.layer';
export { kmPostsLayer, kmLabelsLayer } from './layers/road-km.layer';
export { fireSitesLayer, fireOverdueLayer, FIRE_SITES_LAYER_ID } from './layers/fire-sites.layer';
export { teamsLayer, TEAMS_LAYER_ID } from './layers/teams.layer';
export { patrolsLayer, patrolParts, PATROLS_LAYER_ID } from './layers/patrols.layer';
export { pulseLayer } from './layers/pulse.layer';
export { boundsOf, roadLabelPoint, unitLabelPoint } from '$lib/geo/label-point';

export type MapRuntime = typeof import('./runtime');
