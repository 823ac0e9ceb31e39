/**
 * The offline basemap (DESIGN.md §5): a MapLibre style built only from our own GeoJSON, with no
 * tiles, sprite or glyphs, so it renders with no internet. Because there are no glyphs, symbol
 * layers are impossible here; labels are HTML markers (see MapLabels.svelte).
 */
import type { FeatureCollection } from 'geojson';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

export const BASEMAP_COLORS = {
	background: '#dfe3dc',
	zoneFill: '#f7f8f4',
	zoneLine: '#263238',
	unitFill: '#eef3e8',
	unitLine: '#78909c',
	parkFill: '#bcd7ee',
	parkLine: '#1565c0',
	roadCasing: '#ffffff',
	roadLine: '#f2a900'
} as const;

/** The same palette with translucent fills, drawn over an online or PMTiles basemap. */
export const OVERLAY_COLORS: Record<keyof typeof BASEMAP_COLORS, string> = {
	...BASEMAP_COLORS,
	zoneFill: 'rgba(247, 248, 244, 0.15)',
	unitFill: 'rgba(238, 243, 232, 0.2)',
	parkFill: 'rgba(188, 215, 238, 0.45)'
};

export const BASEMAP_SOURCE = {
	zone: 'basemap-zone',
	units: 'basemap-units',
	parks: 'basemap-parks',
	roads: 'basemap-roads'
} as const;

export type BasemapSourceKey = keyof typeof BASEMAP_SOURCE;
export type BasemapData = Record<BasemapSourceKey, FeatureCollection>;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The style the map starts with: a background only, so it loads instantly and offline. */
export function emptyBasemapStyle(): StyleSpecification {
	return {
		version: 8,
		sources: {},
		layers: [
			{
				id: 'background',
				type: 'background',
				paint: { 'background-color': BASEMAP_COLORS.background }
			}
		]
	};
}

export function emptyBasemapData(): BasemapData {
	return { zone: EMPTY, units: EMPTY, parks: EMPTY, roads: EMPTY };
}

/**
 * Layers bottom to top: zone, units, park, zone outline, road. Over a configured basemap
 * (`overBasemap`) the fills are translucent so the streets below stay readable.
 */
export function basemapLayers({ overBasemap = false } = {}): LayerSpecification[] {
	const c = overBasemap ? OVERLAY_COLORS : BASEMAP_COLORS;
	const s = BASEMAP_SOURCE;
	return [
		{
			id: 'basemap-zone-fill',
			type: 'fill',
			source: s.zone,
			paint: { 'fill-color': c.zoneFill }
		},
		{
			id: 'basemap-units-fill',
			type: 'fill',
			source: s.units,
			paint: { 'fill-color': c.unitFill, 'fill-opacity': 0.8 }
		},
		{
			id: 'basemap-units-line',
			type: 'line',
			source: s.units,
			paint: {
				'line-color': c.unitLine,
				'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 15, 2.5],
				'line-dasharray': [3, 2]
			}
		},
		{
			id: 'basemap-parks-fill',
			type: 'fill',
			source: s.parks,
			paint: { 'fill-color': c.parkFill, 'fill-opacity': 0.85 }
		},
		{
			id: 'basemap-parks-line',
			type: 'line',
			source: s.parks,
			paint: { 'line-color': c.parkLine, 'line-width': 2 }
		},
		{
			id: 'basemap-zone-line',
			type: 'line',
			source: s.zone,
			layout: { 'line-join': 'round' },
			paint: {
				'line-color': c.zoneLine,
				'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2, 15, 4]
			}
		},
		{
			id: 'basemap-roads-casing',
			type: 'line',
			source: s.roads,
			layout: { 'line-join': 'round', 'line-cap': 'round' },
			paint: {
				'line-color': c.roadCasing,
				'line-width': ['interpolate', ['linear'], ['zoom'], 11, 6, 15, 14]
			}
		},
		{
			id: 'basemap-roads-line',
			type: 'line',
			source: s.roads,
			layout: { 'line-join': 'round', 'line-cap': 'round' },
			paint: {
				'line-color': c.roadLine,
				'line-width': ['interpolate', ['linear'], ['zoom'], 11, 3.5, 15, 9]
			}
		}
	];
}
