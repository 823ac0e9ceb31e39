import { ScatterplotLayer } from '@deck.gl/layers';
import type { FireSiteFeature } from '$lib/domain/live-layers';
import { FIRE_CLASS_COLORS, OVERDUE_RING } from '../layer-colors';

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

/** A ring around each site whose inspection is overdue (last one over 12 months ago, or never). */
export function fireOverdueLayer(
	features: readonly FireSiteFeature[],
	{ opacity }: { opacity: number }
): ScatterplotLayer<FireSiteFeature> {
	return new ScatterplotLayer<FireSiteFeature>({
		id: FIRE_OVERDUE_LAYER_ID,
		data: features.filter((f) => f.properties.overdue),
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
