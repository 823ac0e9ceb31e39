import { featureCount } from '../feature-count';
import type { LayerSpec } from '../layer-spec';
import FireSitesLegend from './FireSitesLegend.svelte';
import { fireSites } from './fire-sites.source';

/** Fire and explosion-risk sites by class, ringed when their inspection is overdue. */
export const spec: LayerSpec = {
	key: 'fire',
	order: 40,
	title: 'layer.fire',
	defaultOn: false,
	defaultOpacity: 1,
	sources: [fireSites],
	Legend: FireSitesLegend,
	panel: featureCount(fireSites)
};
