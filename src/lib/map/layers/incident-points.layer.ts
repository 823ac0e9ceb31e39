import { ScatterplotLayer } from '@deck.gl/layers';
import { CATEGORIES, type CategoryGroup } from '$lib/domain/categories';
import type { IncidentColumns } from '$lib/domain/live-layers';
import type { Rgb } from '../category-colors';
import { incidentRadius } from './incidents.layer';

export const INCIDENT_POINTS_LAYER_ID = 'incident-points';

const GROUP_OF = new Map<string, CategoryGroup>(CATEGORIES.map((c) => [c.code, c.group]));

export interface IncidentPointsOptions {
	colors: Readonly<Record<CategoryGroup, Rgb>>;
	/** Changes whenever `colors` does, so deck.gl knows to recompute the fill colours. */
	colorsKey: string;
	opacity: number;
	pickable?: boolean;
}

/**
 * Incidents from the columnar API as points coloured by category group. The data is the list of
 * row numbers that pass the filters; accessors read the columns by row.
 */
export function incidentPointsLayer(
	cols: IncidentColumns,
	rows: readonly number[],
	{ colors, colorsKey, opacity, pickable = true }: IncidentPointsOptions
): ScatterplotLayer<number> {
	return new ScatterplotLayer<number>({
		id: INCIDENT_POINTS_LAYER_ID,
		data: rows,
		opacity,
		pickable,
		stroked: true,
		filled: true,
		radiusUnits: 'pixels',
		lineWidthUnits: 'pixels',
		getPosition: (i) => [cols.lon[i]!, cols.lat[i]!],
		getRadius: (i) => incidentRadius(cols.severity[i]!),
		getFillColor: (i) => [...colors[GROUP_OF.get(cols.category[i]!) ?? 'order'], 235],
		getLineColor: [255, 255, 255, 240],
		getLineWidth: 1.5,
		autoHighlight: pickable,
		highlightColor: [255, 214, 0, 255],
		updateTriggers: { getFillColor: colorsKey }
	});
}
