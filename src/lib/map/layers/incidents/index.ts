import { formatCount, formatNumber } from '$lib/i18n/format';
import type { LayerSpec } from '../layer-spec';
import IncidentsLegend from './IncidentsLegend.svelte';

/**
 * The core incident layers: points (the binary frame) or PostGIS hexagons, chosen by the mode,
 * the zoom, the count and the role, cut by the time slider. Their data is CommandMap's own
 * (`columns`, `hexbins`, `rows`, `hexFeatures`), since the filters, the slider, the live feed and
 * the heatmap share it; this entry names them, and their draws live in this folder.
 */
export const spec: LayerSpec = {
	key: 'incidents',
	order: 10,
	title: 'layer.incidents',
	defaultOn: true,
	defaultOpacity: 1,
	sources: [],
	Legend: IncidentsLegend,
	panel(cmd, lang) {
		if (cmd.incidentDisplay === 'points') {
			const resource = cmd.columns;
			return { resource, count: resource.data ? formatNumber(cmd.rows.length, lang) : null };
		}
		// Hexagons: the published counts added up; only suppressed cells on screen → "< 3".
		const resource = cmd.hexbins;
		const total = cmd.hexTotal === 0 && cmd.hexSuppressed ? null : cmd.hexTotal;
		return { resource, count: resource.data ? formatCount(total, lang) : null };
	}
};
