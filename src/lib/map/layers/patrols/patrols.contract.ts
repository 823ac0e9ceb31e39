/** GET /api/patrol-routes: patrol routes with their schedule and coverage buffer. */
import * as z from 'zod/mini';
import type { LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import {
	collection,
	featureId,
	geometryOf,
	nullableNumber,
	numeric,
	polygonal
} from '$lib/domain/live-layers';
import { contract } from '$lib/domain/contract';
import { geojsonLayer, ZONE_NOT_FOUND, zoneOnly } from '$lib/domain/contracts/shared';

export const patrolRouteCollectionSchema = collection(
	geometryOf<LineString | MultiLineString | Polygon | MultiPolygon>(
		'LineString',
		'MultiLineString',
		'Polygon',
		'MultiPolygon'
	),
	z.object({
		id: featureId,
		name: z.string(),
		bufferM: numeric,
		active: z.optional(z.boolean()),
		coverage: z.nullable(polygonal),
		coverageHa: nullableNumber,
		schedule: z.optional(
			z.nullable(
				z.array(
					z.object({ start: z.string(), end: z.string(), days: z.optional(z.array(z.number())) })
				)
			)
		)
	})
);
export type PatrolRouteCollection = z.infer<typeof patrolRouteCollectionSchema>;
export type PatrolRouteFeature = PatrolRouteCollection['features'][number];

export const listPatrolRoutes = contract({
	method: 'GET',
	path: '/api/patrol-routes',
	tag: 'map',
	summary: 'Patrol routes with their schedule, buffer and covered area (`coverage`, `coverageHa`).',
	query: zoneOnly,
	answer: geojsonLayer('Patrol routes.', patrolRouteCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});
