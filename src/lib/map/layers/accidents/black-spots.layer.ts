import { PathLayer } from '@deck.gl/layers';
import type { Position } from 'geojson';
import type { LayerDraw } from '../layer-spec';
import { memo } from '../memo';
import type { BlackSpotFeature } from './accidents.contract';
import { blackSpots } from './accidents.source';
import { BLACK_SPOT_COLOR, BLACK_SPOT_HALO } from './accidents.style';

export const BLACK_SPOTS_LAYER_ID = 'black-spots';

export interface SpotPath {
	path: Position[];
	spot: BlackSpotFeature;
}

/** One path per line of each black spot (derived once per data change, not per layer build). */
export const blackSpotPaths = memo((features: readonly BlackSpotFeature[]): SpotPath[] =>
	features.flatMap((spot) =>
		spot.geometry.type === 'LineString'
			? [{ path: spot.geometry.coordinates, spot }]
			: spot.geometry.coordinates.map((path) => ({ path, spot }))
	)
);

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

export const draw: LayerDraw<readonly SpotPath[]> = {
	key: 'accidents',
	z: 52,
	ids: [BLACK_SPOTS_LAYER_ID],
	input: ({ cmd }) => {
		const spots = cmd.resource(blackSpots).data;
		return spots ? blackSpotPaths(spots.features) : null;
	},
	layers: (paths, options) => blackSpotsLayers(paths, options),
	tooltip: ({ object }, _, { t, n }) => {
		const p = (object as SpotPath | null)?.spot.properties;
		if (!p) return null;
		return [
			t('tt.blackSpot', { from: p.kmFromLabel, to: p.kmToLabel }),
			t('tt.blackSpotCounts', {
				n: n(p.accidents),
				fatal: n(p.fatalAccidents),
				deaths: n(p.deaths),
				injuries: n(p.injuries)
			})
		].join('\n');
	}
};
