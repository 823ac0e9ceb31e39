import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { RoadCollection } from '$lib/domain/map-features';
import { kmPosts, type KmPost } from '$lib/geo/km-markers';
import type { LayerDraw } from '../layer-spec';
import { memo } from '../memo';
import { KM_POST_COLOR } from './accidents.style';

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

/** The kilometre posts of the zone's measured roads (derived once per road data). */
export const roadKmPosts = memo((roads: RoadCollection): KmPost[] =>
	roads.features.flatMap((f) =>
		f.geometry.type === 'LineString' && f.properties.measures
			? kmPosts(f.geometry.coordinates, f.properties.measures)
			: []
	)
);

const NO_POSTS: readonly KmPost[] = [];

/** Drawn with the accidents, to read their chainage by; the roads come with the zone. */
export const draw: LayerDraw<readonly KmPost[]> = {
	key: 'accidents',
	z: 50,
	ids: [],
	input: ({ zone }) => (zone.data ? roadKmPosts(zone.data.roads) : NO_POSTS),
	layers: (posts, options) => [kmPostsLayer(posts, options), kmLabelsLayer(posts, options)]
};
