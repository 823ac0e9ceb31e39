import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { IncidentColumns } from '$lib/domain/live-layers';
import type { LayerDraw } from '../layer-spec';
import { HEAT_RAMP } from './heatmap.style';

export const HEATMAP_LAYER_ID = 'incident-heatmap';

export interface HeatmapOptions {
	/** Weight each incident by its severity (1–4) instead of counting it once. */
	weighted: boolean;
	opacity: number;
}

/** Bản đồ nhiệt of the incidents that pass the filters (rows of the columnar data). */
export function heatmapLayer(
	cols: IncidentColumns,
	rows: readonly number[],
	{ weighted, opacity }: HeatmapOptions
): HeatmapLayer<number> {
	return new HeatmapLayer<number>({
		id: HEATMAP_LAYER_ID,
		data: rows,
		opacity,
		radiusPixels: 40,
		intensity: 1,
		threshold: 0.05,
		colorRange: HEAT_RAMP as [number, number, number][],
		getPosition: (i) => [cols.lon[i]!, cols.lat[i]!],
		getWeight: weighted ? (i) => cols.severity[i]! : 1,
		updateTriggers: { getWeight: weighted }
	});
}

interface HeatmapInput {
	cols: IncidentColumns;
	rows: readonly number[];
	weighted: boolean;
}

export const draw: LayerDraw<HeatmapInput> = {
	key: 'heatmap',
	z: 40,
	ids: [],
	input: ({ cmd }) =>
		cmd.canReadRows && cmd.columns.data
			? { cols: cmd.columns.data, rows: cmd.rows, weighted: cmd.view.heatWeighted }
			: null,
	layers: ({ cols, rows, weighted }, { opacity }) => [
		heatmapLayer(cols, rows, { weighted, opacity })
	]
};
