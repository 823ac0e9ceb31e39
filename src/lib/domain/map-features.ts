/**
 * Shapes of the GeoJSON the map API returns (`/api/zones`, `/api/parks`, `/api/admin-units`,
 * `/api/roads`, `/api/incidents`). The browser parses every response with these before drawing,
 * so a contract drift shows up as a readable error instead of a silently empty map.
 * `zod/mini` keeps the schemas small enough for the page shell.
 */
import * as z from 'zod/mini';
import { CATEGORY_GROUPS } from './categories';

// GeoJSON positions are [lon, lat]; roads may carry a third value (the chainage in km).
const position = z.tuple([z.number(), z.number()], z.number());
const ring = z.array(position);

const polygonal = z.union([
	z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) })
]);
const lineal = z.union([
	z.object({ type: z.literal('LineString'), coordinates: ring }),
	z.object({ type: z.literal('MultiLineString'), coordinates: z.array(ring) })
]);
const point = z.object({ type: z.literal('Point'), coordinates: position });

// Postgres `numeric` may arrive as a string depending on the driver; accept both.
const numeric = z.pipe(
	z.union([z.number(), z.string()]),
	z.transform((v) => Number(v))
);
const dateOrNull = z.nullable(z.string());
const id = z.union([z.string(), z.number()]);

function featureCollection<G extends z.ZodMiniType, P extends z.ZodMiniType>(
	geometry: G,
	properties: P
) {
	return z.object({
		type: z.literal('FeatureCollection'),
		features: z.array(z.object({ type: z.literal('Feature'), geometry, properties }))
	});
}

export const zoneCollectionSchema = featureCollection(
	polygonal,
	z.object({
		id,
		code: z.string(),
		name: z.string(),
		areaHa: z.nullable(numeric),
		isDemo: z.boolean(),
		validFrom: z.string(),
		validTo: dateOrNull
	})
);

export const parkCollectionSchema = featureCollection(
	polygonal,
	z.object({ id, name: z.string(), areaHa: z.nullable(numeric), zoneId: z.optional(id) })
);

export const adminUnitCollectionSchema = featureCollection(
	polygonal,
	z.object({
		id,
		code: z.string(),
		name: z.string(),
		level: z.string(),
		validFrom: z.string(),
		validTo: dateOrNull
	})
);

export const roadCollectionSchema = featureCollection(
	lineal,
	z.object({
		id,
		code: z.string(),
		name: z.string(),
		kmStart: numeric,
		kmEnd: numeric,
		/** Chainage in km at each vertex, for kilometre posts. */
		measures: z.optional(z.nullable(z.array(numeric)))
	})
);

export const incidentCollectionSchema = featureCollection(
	point,
	z.object({
		id,
		category: z.string(),
		categoryGroup: z.enum(CATEGORY_GROUPS),
		occurredAt: z.string(),
		severity: z.number(),
		status: z.string(),
		adminUnitCode: z.optional(z.nullable(z.string()))
	})
);

export type ZoneCollection = z.infer<typeof zoneCollectionSchema>;
export type ParkCollection = z.infer<typeof parkCollectionSchema>;
export type AdminUnitCollection = z.infer<typeof adminUnitCollectionSchema>;
export type RoadCollection = z.infer<typeof roadCollectionSchema>;
export type IncidentCollection = z.infer<typeof incidentCollectionSchema>;

export type ZoneFeature = ZoneCollection['features'][number];
export type ParkFeature = ParkCollection['features'][number];
export type AdminUnitFeature = AdminUnitCollection['features'][number];
export type RoadFeature = RoadCollection['features'][number];
export type IncidentFeature = IncidentCollection['features'][number];
