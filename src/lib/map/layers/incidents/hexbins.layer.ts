import { GeoJsonLayer } from '@deck.gl/layers';
import { formatCount } from '$lib/i18n/format';
import type { LayerDraw } from '../layer-spec';
import type { HexbinFeature } from './incidents.contract';
import { HEX_RAMP, hexColor, SUPPRESSED_ALPHA } from './incidents.style';

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

/** The incidents as hexagons, when CommandMap shows them so (low zoom, many points, the board). */
export const draw: LayerDraw<{ features: readonly HexbinFeature[]; breaks: readonly number[] }> = {
	key: 'incidents',
	z: 30,
	ids: [HEXBINS_LAYER_ID],
	input: ({ cmd }) =>
		cmd.incidentDisplay === 'hex' ? { features: cmd.hexFeatures, breaks: cmd.hexBreaks } : null,
	layers: ({ features, breaks }, { opacity }) => [hexbinsLayer(features, { breaks, opacity })],
	tooltip: ({ object }, _, { t, lang }) => {
		if (object == null) return null;
		const count = (object as HexbinFeature).properties.count;
		const cell = t('tt.cell', { n: formatCount(count, lang) });
		return count === null ? `${cell}\n${t('count.suppressed')}` : cell;
	}
};
