import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { PatrolRouteFeature } from '$lib/domain/live-layers';
import { PATROL_COLOR } from '../layer-colors';

export const PATROLS_LAYER_ID = 'patrol-routes';

interface PatrolPart {
	part: 'coverage' | 'route';
	route: PatrolRouteFeature['properties'];
}

/** Each route as two features: its coverage buffer (vùng phủ) under the route itself. */
export function patrolParts(
	routes: readonly PatrolRouteFeature[]
): Feature<Geometry, PatrolPart>[] {
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
}

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
