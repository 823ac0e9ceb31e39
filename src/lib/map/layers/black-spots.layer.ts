import { PathLayer } from '@deck.gl/layers';
import type { Position } from 'geojson';
import type { BlackSpotFeature } from '$lib/domain/live-layers';
import { BLACK_SPOT_COLOR, BLACK_SPOT_HALO } from '../layer-colors';

export const BLACK_SPOTS_LAYER_ID = 'black-spots';

export interface SpotPath {
	path: Position[];
	spot: BlackSpotFeature;
}

/** One path per line of each black spot (derive once per data change, not per layer build). */
export function blackSpotPaths(features: readonly BlackSpotFeature[]): SpotPath[] {
	return features.flatMap((spot) =>
		spot.geometry.type === 'LineString'
			? [{ path: spot.geometry.coordinates, spot }]
			: spot.geometry.coordinates.map((path) => ({ path, spot }))
	);
}

/**
 * Accident black spots: the road section under the accidents, a dark core in a red halo wide
 * enough to read at zone zoom. Drawn below the accident dots.
 */
export function blackSpotsLayers(
	data: readonly SpotPath[],
	{ opacity }: { opacity: number }
): PathLayer<SpotPath>[] {
	const common = {
		data,
		opacity,
		widthUnits: 'pixels' as const,
		capRounded: true,
		jointRounded: true,
		getPath: (d: SpotPath) => d.path as [number, number][]
	};
	return [
		new PathLayer<SpotPath>({
			...common,
			id: `${BLACK_SPOTS_LAYER_ID}-halo`,
			getColor: BLACK_SPOT_HALO,
			getWidth: 16
		}),
		new PathLayer<SpotPath>({
			...common,
			id: BLACK_SPOTS_LAYER_ID,
			pickable: true,
			getColor: BLACK_SPOT_COLOR,
			getWidth: 6,
			autoHighlight: true,
			highlightColor: [255, 214, 0, 255]
		})
	];
}
