import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { KmPost } from '$lib/geo/km-markers';
import { KM_POST_COLOR } from '../layer-colors';

export const KM_POSTS_LAYER_ID = 'road-km-posts';
export const KM_LABELS_LAYER_ID = 'road-km-labels';

/** Kilometre posts on QL10 (cọc Km): a small marker at each whole kilometre. */
export function kmPostsLayer(
	posts: readonly KmPost[],
	{ opacity }: { opacity: number }
): ScatterplotLayer<KmPost> {
	return new ScatterplotLayer<KmPost>({
		id: KM_POSTS_LAYER_ID,
		data: posts as KmPost[],
		opacity,
		stroked: true,
		filled: true,
		radiusUnits: 'pixels',
		lineWidthUnits: 'pixels',
		getPosition: (p) => p.position,
		getRadius: 3.5,
		getFillColor: [255, 255, 255, 255],
		getLineColor: [...KM_POST_COLOR, 255],
		getLineWidth: 2
	});
}

/** Their labels, "Km25", above each post. */
export function kmLabelsLayer(
	posts: readonly KmPost[],
	{ opacity }: { opacity: number }
): TextLayer<KmPost> {
	return new TextLayer<KmPost>({
		id: KM_LABELS_LAYER_ID,
		data: posts as KmPost[],
		opacity,
		getPosition: (p) => p.position,
		getText: (p) => `Km${p.km}`,
		getSize: 12,
		sizeUnits: 'pixels',
		getColor: [...KM_POST_COLOR, 255],
		fontFamily: '"DejaVu Sans", "Noto Sans", Arial, sans-serif',
		fontWeight: 700,
		getPixelOffset: [0, -13],
		background: true,
		getBackgroundColor: [255, 255, 255, 230],
		backgroundPadding: [3, 1],
		backgroundBorderRadius: 3
	});
}
