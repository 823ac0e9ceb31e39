import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { LiveUnits } from '$lib/domain/patrol-answers';
import type { LayerDraw } from '../layer-spec';
import type { PatrolUnitFeature } from './patrol-units.contract';
import { patrolUnits } from './patrol-units.source';
import { UNIT_LIVE_COLOR, UNIT_STALE_COLOR } from './patrol-units.style';

export const PATROL_UNITS_LAYER_ID = 'patrol-units';
export const PATROL_TRACKS_LAYER_ID = 'patrol-unit-tracks';

const colour = (f: PatrolUnitFeature) => (f.properties.stale ? UNIT_STALE_COLOR : UNIT_LIVE_COLOR);

/** Each unit's last hour as a line under its newest position (grey when stale). */
export const draw: LayerDraw<LiveUnits['features']> = {
	key: 'patrolUnits',
	z: 15,
	ids: [PATROL_UNITS_LAYER_ID],
	input: ({ cmd }) => cmd.resource(patrolUnits).data?.features ?? null,
	layers: (features, { opacity }) => [
		new PathLayer<PatrolUnitFeature>({
			id: PATROL_TRACKS_LAYER_ID,
			data: features,
			opacity,
			getPath: (f) => f.properties.track.map(([lon, lat]): [number, number] => [lon, lat]),
			getColor: (f) => [...colour(f), 160],
			widthUnits: 'pixels',
			getWidth: 2
		}),
		new ScatterplotLayer<PatrolUnitFeature>({
			id: PATROL_UNITS_LAYER_ID,
			data: features,
			opacity,
			pickable: true,
			getPosition: (f) => f.geometry.coordinates,
			getFillColor: (f) => [...colour(f), 255],
			getLineColor: [255, 255, 255, 255],
			stroked: true,
			radiusUnits: 'pixels',
			getRadius: 7,
			lineWidthUnits: 'pixels',
			getLineWidth: 2,
			autoHighlight: true
		})
	],
	tooltip: ({ object }, _, { t }) => {
		const p = (object as PatrolUnitFeature | null)?.properties;
		if (!p) return null;
		const time = new Date(p.ts).toLocaleTimeString('vi-VN', {
			timeZone: 'Asia/Ho_Chi_Minh',
			hour: '2-digit',
			minute: '2-digit'
		});
		return t(p.stale ? 'tt.unitStale' : 'tt.unitLive', { name: `${p.name} (${p.unit})`, time });
	}
};
