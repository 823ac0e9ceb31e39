import { featureCount } from '../feature-count';
import type { LayerSpec } from '../layer-spec';
import PatrolsLegend from './PatrolsLegend.svelte';
import { patrolRoutes } from './patrols.source';

/** Patrol routes (tuyến tuần tra) and the area they cover, read-only. */
export const spec: LayerSpec = {
	key: 'patrols',
	order: 60,
	title: 'layer.patrols',
	defaultOn: false,
	defaultOpacity: 0.6,
	sources: [patrolRoutes],
	Legend: PatrolsLegend,
	panel: featureCount(patrolRoutes)
};
