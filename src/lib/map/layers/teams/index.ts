import { featureCount } from '../feature-count';
import type { LayerSpec } from '../layer-spec';
import TeamsLegend from './TeamsLegend.svelte';
import { teams } from './teams.source';

/** Self-managed security teams (tổ tự quản): a point or the area they watch, by kind. */
export const spec: LayerSpec = {
	key: 'teams',
	order: 50,
	title: 'layer.teams',
	defaultOn: false,
	defaultOpacity: 0.8,
	sources: [teams],
	Legend: TeamsLegend,
	panel: featureCount(teams)
};
