import type { LayerSpec } from '../layer-spec';
import HeatmapLegend from './HeatmapLegend.svelte';

/**
 * The incidents that pass the filters as a heatmap (bản đồ nhiệt): drawn from the incident
 * points CommandMap loads (one of the core incident layers), so it has no source of its own.
 */
export const spec: LayerSpec = {
	key: 'heatmap',
	order: 20,
	title: 'layer.heatmap',
	defaultOn: false,
	defaultOpacity: 0.7,
	sources: [],
	Legend: HeatmapLegend,
	// Built from incident rows: roles that see aggregates only get no heatmap.
	available: (cmd) => cmd.canReadRows
};
