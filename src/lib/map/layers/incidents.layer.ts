import { ScatterplotLayer } from '@deck.gl/layers';
import type { CategoryGroup } from '$lib/domain/categories';
import type { IncidentFeature } from '$lib/domain/map-features';
import type { Rgb } from '../category-colors';

export const INCIDENTS_LAYER_ID = 'incidents';

export interface IncidentsLayerOptions {
	colors: Readonly<Record<CategoryGroup, Rgb>>;
	/** Changes whenever `colors` does, so deck.gl knows to recompute the fill colours. */
	colorsKey: string;
	pickable?: boolean;
}

/** Radius in pixels grows with severity (1 less serious … 4 especially serious). */
export function incidentRadius(severity: number): number {
	return 4 + Math.min(Math.max(severity, 1), 4) * 1.5;
}

/** Incidents as points coloured by category group. */
export function incidentsLayer(
	data: readonly IncidentFeature[],
	{ colors, colorsKey, pickable = true }: IncidentsLayerOptions
): ScatterplotLayer<IncidentFeature> {
	return new ScatterplotLayer<IncidentFeature>({
		id: INCIDENTS_LAYER_ID,
		data,
		pickable,
		stroked: true,
		filled: true,
		radiusUnits: 'pixels',
		lineWidthUnits: 'pixels',
		getPosition: (f) => [f.geometry.coordinates[0], f.geometry.coordinates[1]],
		getRadius: (f) => incidentRadius(f.properties.severity),
		getFillColor: (f) => [...colors[f.properties.categoryGroup], 235],
		getLineColor: [255, 255, 255, 240],
		getLineWidth: 1.5,
		autoHighlight: pickable,
		highlightColor: [255, 214, 0, 255],
		updateTriggers: { getFillColor: colorsKey }
	});
}
