import { ScatterplotLayer } from '@deck.gl/layers';
import type { LayerDraw } from '../layer-spec';
import { memo } from '../memo';
import type { FireSiteFeature } from './fire-sites.contract';
import { fireSites } from './fire-sites.source';
import { FIRE_CLASS_COLORS, OVERDUE_RING } from './fire-sites.style';

export const FIRE_SITES_LAYER_ID = 'fire-sites';
export const FIRE_OVERDUE_LAYER_ID = 'fire-sites-overdue';

const position = (f: FireSiteFeature): [number, number] => [
	f.geometry.coordinates[0]!,
	f.geometry.coordinates[1]!
];

/** Fire/explosion-risk sites coloured by their class. */
export function fireSitesLayer(
	features: readonly FireSiteFeature[],
	{ opacity }: { opacity: number }
): ScatterplotLayer<FireSiteFeature> {
	return new ScatterplotLayer<FireSiteFeature>({
		id: FIRE_SITES_LAYER_ID,
		data: features as FireSiteFeature[],
		opacity,
		pickable: true,
		stroked: true,
		filled: true,
		radiusUnits: 'pixels',
		lineWidthUnits: 'pixels',
		getPosition: position,
		getRadius: 6,
		getFillColor: (f) => [...FIRE_CLASS_COLORS[f.properties.fireClass], 240],
		getLineColor: [33, 33, 33, 255],
		getLineWidth: 1.5,
		autoHighlight: true,
		highlightColor: [255, 214, 0, 255]
	});
}

/** The sites whose inspection is overdue (last one over 12 months ago, or never). */
export const overdueSites = memo((features: readonly FireSiteFeature[]) =>
	features.filter((f) => f.properties.overdue)
);

/** A ring around each site whose inspection is overdue. */
export function fireOverdueLayer(
	features: readonly FireSiteFeature[],
	{ opacity }: { opacity: number }
): ScatterplotLayer<FireSiteFeature> {
	return new ScatterplotLayer<FireSiteFeature>({
		id: FIRE_OVERDUE_LAYER_ID,
		data: overdueSites(features),
		opacity,
		stroked: true,
		filled: false,
		radiusUnits: 'pixels',
		lineWidthUnits: 'pixels',
		getPosition: position,
		getRadius: 11,
		getLineColor: [...OVERDUE_RING, 255],
		getLineWidth: 2.5
	});
}

export const draw: LayerDraw<readonly FireSiteFeature[]> = {
	key: 'fire',
	z: 60,
	ids: [FIRE_SITES_LAYER_ID],
	input: ({ cmd }) => cmd.resource(fireSites).data?.features ?? null,
	layers: (features, options) => [
		fireOverdueLayer(features, options),
		fireSitesLayer(features, options)
	],
	tooltip: ({ object }, _, { t, n }) => {
		const p = (object as FireSiteFeature | null)?.properties;
		if (!p) return null;
		const lines = [p.facility, t(`legend.fire.${p.fireClass}`)];
		lines.push(
			p.lastInspectedOn
				? t('tt.lastInspected', { date: p.lastInspectedOn.split('-').reverse().join('/') })
				: t('tt.neverInspected')
		);
		if (p.overdue) lines.push(t('tt.overdue'));
		if (p.openViolations) lines.push(t('tt.violations', { n: n(p.openViolations) }));
		return lines.join('\n');
	}
};
