/**
 * A MapLibre style for a PMTiles archive, from what its header and metadata say. Raster archives
 * are drawn as they are; vector archives have no style of their own, so each of their layers is
 * drawn plainly (fills, lines, points; no labels: the offline build has no glyphs).
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { BASEMAP_COLORS } from './offline-basemap';

export const PMTILES_SOURCE = 'basemap-pmtiles';

/** PMTiles v3 tile types (spec §3.1). */
export const PMTILES_TILE_TYPE = { unknown: 0, mvt: 1, png: 2, jpeg: 3, webp: 4, avif: 5 } as const;

export interface PmtilesInfo {
	tileType: number;
	minZoom: number;
	maxZoom: number;
	/** The `vector_layers` ids of a vector archive's metadata. */
	vectorLayers: readonly string[];
	attribution?: string | null;
}

export function pmtilesStyle(sourceUrl: string, info: PmtilesInfo): StyleSpecification {
	const background: LayerSpecification = {
		id: 'background',
		type: 'background',
		paint: { 'background-color': BASEMAP_COLORS.background }
	};
	const attribution = info.attribution ?? undefined;
	if (info.tileType !== PMTILES_TILE_TYPE.mvt) {
		return {
			version: 8,
			sources: {
				[PMTILES_SOURCE]: {
					type: 'raster',
					url: sourceUrl,
					tileSize: 256,
					minzoom: info.minZoom,
					maxzoom: info.maxZoom,
					attribution
				}
			},
			layers: [background, { id: 'basemap-raster', type: 'raster', source: PMTILES_SOURCE }]
		};
	}
	const layers: LayerSpecification[] = [background];
	for (const id of info.vectorLayers) {
		layers.push(
			{
				id: `basemap-${id}-fill`,
				type: 'fill',
				source: PMTILES_SOURCE,
				'source-layer': id,
				filter: ['==', ['geometry-type'], 'Polygon'],
				paint: { 'fill-color': '#eceee8', 'fill-outline-color': '#c9cdc4' }
			},
			{
				id: `basemap-${id}-line`,
				type: 'line',
				source: PMTILES_SOURCE,
				'source-layer': id,
				filter: ['==', ['geometry-type'], 'LineString'],
				paint: {
					'line-color': '#ffffff',
					'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 16, 3]
				}
			},
			{
				id: `basemap-${id}-point`,
				type: 'circle',
				source: PMTILES_SOURCE,
				'source-layer': id,
				filter: ['==', ['geometry-type'], 'Point'],
				minzoom: 14,
				paint: { 'circle-radius': 2, 'circle-color': '#9e9e9e' }
			}
		);
	}
	return {
		version: 8,
		sources: {
			[PMTILES_SOURCE]: {
				type: 'vector',
				url: sourceUrl,
				minzoom: info.minZoom,
				maxzoom: info.maxZoom,
				attribution
			}
		},
		layers
	};
}
