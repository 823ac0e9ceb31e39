import { ScatterplotLayer } from '@deck.gl/layers';
import type { AccidentFeature } from '$lib/domain/live-layers';
import { accidentColor, accidentRadius } from '../layer-colors';

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
