import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { LayerDraw } from '../layer-spec';
import { memo } from '../memo';
import type { PatrolRouteFeature } from './patrols.contract';
import { patrolRoutes } from './patrols.source';
import { PATROL_COLOR } from './patrols.style';

export const PATROLS_LAYER_ID = 'patrol-routes';

interface PatrolPart {
	part: 'coverage' | 'route';
	route: PatrolRouteFeature['properties'];
}

/** Each route as two features: its coverage buffer (vùng phủ) under the route itself. */
export const patrolParts = memo((routes: readonly PatrolRouteFeature[]) => {
	const coverage = routes
		.filter((r) => r.properties.coverage)
		.map((r): Feature<Geometry, PatrolPart> => ({
			type: 'Feature',
			geometry: r.properties.coverage!,
			properties: { part: 'coverage', route: r.properties }
		}));
	const lines = routes.map((r): Feature<Geometry, PatrolPart> => ({
		type: 'Feature',
		geometry: r.geometry,
		properties: { part: 'route', route: r.properties }
	}));
	return [...coverage, ...lines];
});

/** Patrol routes and their coverage buffers, read-only. */
export function patrolsLayer(
	parts: readonly Feature<Geometry, PatrolPart>[],
	{ opacity }: { opacity: number }
): GeoJsonLayer<PatrolPart> {
	return new GeoJsonLayer<PatrolPart>({
		id: PATROLS_LAYER_ID,
		data: parts as Feature<Geometry, PatrolPart>[],
		opacity,
		pickable: true,
		filled: true,
		stroked: true,
		lineWidthUnits: 'pixels',
		getFillColor: (f) => [...PATROL_COLOR, f.properties.part === 'coverage' ? 60 : 0],
		getLineColor: (f) => [...PATROL_COLOR, f.properties.part === 'coverage' ? 140 : 255],
		getLineWidth: (f) => (f.properties.part === 'coverage' ? 1 : 3.5),
		autoHighlight: true,
		highlightColor: [255, 214, 0, 120]
	});
}

export const draw: LayerDraw<readonly Feature<Geometry, PatrolPart>[]> = {
	key: 'patrols',
	z: 10,
	ids: [PATROLS_LAYER_ID],
	input: ({ cmd }) => {
		const routes = cmd.resource(patrolRoutes).data;
		return routes ? patrolParts(routes.features) : null;
	},
	layers: (parts, options) => [patrolsLayer(parts, options)],
	tooltip: ({ object }, _, { t, n }) => {
		const r = (object as Feature<Geometry, PatrolPart> | null)?.properties.route;
		if (!r) return null;
		return [
			r.name,
			t('tt.buffer', { m: n(r.bufferM), ha: r.coverageHa != null ? n(r.coverageHa) : '–' })
		].join('\n');
	}
};
