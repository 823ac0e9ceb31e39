import { GeoJsonLayer } from '@deck.gl/layers';
import type { LayerDraw } from '../layer-spec';
import type { TeamFeature } from './teams.contract';
import { teams } from './teams.source';
import { TEAM_KIND_COLORS } from './teams.style';

export const TEAMS_LAYER_ID = 'teams';

/**
 * Self-managed security teams: a point or the area they watch, coloured by kind (company teams
 * distinct from residential and statutory ones).
 */
export function teamsLayer(
	features: readonly TeamFeature[],
	{ opacity }: { opacity: number }
): GeoJsonLayer<TeamFeature['properties']> {
	return new GeoJsonLayer<TeamFeature['properties']>({
		id: TEAMS_LAYER_ID,
		data: features as TeamFeature[],
		opacity,
		pickable: true,
		filled: true,
		stroked: true,
		pointType: 'circle',
		pointRadiusUnits: 'pixels',
		getPointRadius: 5,
		lineWidthUnits: 'pixels',
		getLineWidth: (f) => (f.geometry.type === 'Point' ? 1.5 : 2),
		getFillColor: (f) => [
			...TEAM_KIND_COLORS[f.properties.kind],
			f.geometry.type === 'Point' ? 235 : 55
		],
		getLineColor: (f) =>
			f.geometry.type === 'Point'
				? [255, 255, 255, 255]
				: [...TEAM_KIND_COLORS[f.properties.kind], 220],
		autoHighlight: true,
		highlightColor: [255, 214, 0, 160]
	});
}

export const draw: LayerDraw<readonly TeamFeature[]> = {
	key: 'teams',
	z: 20,
	ids: [TEAMS_LAYER_ID],
	input: ({ cmd }) => cmd.resource(teams).data?.features ?? null,
	layers: (features, options) => [teamsLayer(features, options)],
	tooltip: ({ object }, _, { t, n }) => {
		const p = (object as TeamFeature | null)?.properties;
		if (!p) return null;
		const lines = [p.name, t(`legend.team.${p.kind}`)];
		if (p.members != null) lines.push(t('tt.members', { n: n(p.members) }));
		return lines.join('\n');
	}
};
