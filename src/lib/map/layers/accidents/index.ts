import { featureCount } from '../feature-count';
import type { LayerSpec } from '../layer-spec';
import AccidentsLegend from './AccidentsLegend.svelte';
import { accidents, blackSpots } from './accidents.source';

/**
 * Traffic accidents on the zone's roads, the black spots they make, and QL10's kilometre posts
 * (from the zone's roads) to read the chainage by: one toggle, several deck.gl layers.
 */
export const spec: LayerSpec = {
	key: 'accidents',
	order: 30,
	title: 'layer.accidents',
	defaultOn: true,
	defaultOpacity: 1,
	sources: [accidents, blackSpots],
	Legend: AccidentsLegend,
	panel: featureCount(accidents)
};
