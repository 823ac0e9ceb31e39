/**
 * Everything heavy the map needs (MapLibre, deck.gl, the layers' deck.gl draws, turf's label
 * placement), behind one dynamic import so the page shell stays small. Import it with
 * `await import('$lib/map/runtime')`, never statically. (Turf's point-in-polygon, 2.4 kB
 * gzipped, is in the shell: the unit filter needs it before the map exists.)
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
// The layers: every registered layer's draw (layers/<name>/*.layer.ts), and the live pulse.
export { LAYER_DRAWS } from './layers/draws';
export { pulseLayer } from './layers/pulse/pulse.layer';
export { boundsOf, roadLabelPoint, unitLabelPoint } from '$lib/geo/label-point';

export type MapRuntime = typeof import('./runtime');
