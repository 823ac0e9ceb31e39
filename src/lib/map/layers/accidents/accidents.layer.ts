import { ScatterplotLayer } from '@deck.gl/layers';
import { formatDateTime } from '$lib/i18n/format';
import { accidentClassOf } from '$lib/domain/categories';
import type { LayerDraw } from '../layer-spec';
import type { AccidentFeature } from './accidents.contract';
import { accidents } from './accidents.source';
import { accidentColor, accidentRadius } from './accidents.style';

export const ACCIDENTS_LAYER_ID = 'accidents';

/** Traffic accidents: sized by deaths + injuries, coloured by severity class. */
export function accidentsLayer(
	features: readonly AccidentFeature[],
	{ opacity }: { opacity: number }
): ScatterplotLayer<AccidentFeature> {
	return new ScatterplotLayer<AccidentFeature>({
		id: ACCIDENTS_LAYER_ID,
		data: features as AccidentFeature[],
		opacity,
		pickable: true,
		stroked: true,
		filled: true,
		radiusUnits: 'pixels',
		lineWidthUnits: 'pixels',
		getPosition: (f) => [f.geometry.coordinates[0]!, f.geometry.coordinates[1]!],
		getRadius: (f) => accidentRadius(f.properties.deaths + f.properties.injuries),
		getFillColor: (f) => [...accidentColor(f.properties.severityClass), 215],
		getLineColor: [255, 255, 255, 255],
		getLineWidth: 1.5,
		autoHighlight: true,
		highlightColor: [255, 214, 0, 255]
	});
}

export const draw: LayerDraw<readonly AccidentFeature[]> = {
	key: 'accidents',
	z: 54,
	ids: [ACCIDENTS_LAYER_ID],
	input: ({ cmd }) => cmd.resource(accidents).data?.features ?? null,
	layers: (features, options) => [accidentsLayer(features, options)],
	tooltip: ({ object }, _, { t, n }) => {
		const p = (object as AccidentFeature | null)?.properties;
		if (!p) return null;
		return [
			t('tt.accident', { km: p.kmLabel ?? '' }),
			formatDateTime(new Date(p.occurredAt)),
			t('tt.victims', { deaths: n(p.deaths), injuries: n(p.injuries) }),
			t(`legend.accidentClass.${accidentClassOf(p.severityClass)}`)
		].join('\n');
	}
};
