import { featureCount } from '../feature-count';
import type { LayerSpec } from '../layer-spec';
import PatrolUnitsLegend from './PatrolUnitsLegend.svelte';
import { patrolUnits } from './patrol-units.source';

/** Patrol units on duty: newest position and last hour of track, stale after 5 minutes. */
export const spec: LayerSpec = {
	key: 'patrolUnits',
	order: 61,
	title: 'layer.patrolUnits',
	defaultOn: false,
	defaultOpacity: 1,
	sources: [patrolUnits],
	Legend: PatrolUnitsLegend,
	panel: featureCount(patrolUnits)
};
