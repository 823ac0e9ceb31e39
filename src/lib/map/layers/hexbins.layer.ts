import { GeoJsonLayer } from '@deck.gl/layers';
import type { HexbinFeature } from '$lib/domain/live-layers';
import { HEX_RAMP, hexColor, SUPPRESSED_ALPHA } from '../layer-colors';

export const HEXBINS_LAYER_ID = 'incident-hexbins';

export interface HexbinsOptions {
	/** Lower bounds of the colour classes (see hexBreaks). */
	breaks: readonly number[];
	opacity: number;
}

/** Hexagon counts computed by PostGIS (the board's view, and everyone's at low zoom). */
export function hexbinsLayer(
	features: readonly HexbinFeature[],
	{ breaks, opacity }: HexbinsOptions
): GeoJsonLayer<HexbinFeature['properties']> {
	return new GeoJsonLayer<HexbinFeature['properties']>({
		id: HEXBINS_LAYER_ID,
		data: features as HexbinFeature[],
		opacity,
		pickable: true,
		filled: true,
		stroked: true,
		// A suppressed count ("< 3", aggregate-only roles) is the palest class, fainter.
		getFillColor: (f) =>
			f.properties.count === null
				? [...HEX_RAMP[0]!, SUPPRESSED_ALPHA]
				: [...hexColor(f.properties.count, breaks), 175],
		getLineColor: [255, 255, 255, 200],
		lineWidthUnits: 'pixels',
		getLineWidth: 1,
		autoHighlight: true,
		highlightColor: [255, 255, 255, 90],
		updateTriggers: { getFillColor: breaks.join(',') }
	});
}
