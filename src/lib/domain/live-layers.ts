/**
 * Shapes of the live map's own APIs as the browser parses them (`/api/incidents/columns`, one
 * incident, `/api/situation`), and the zod/mini pieces the map layers' contracts build theirs
 * from (src/lib/map/layers/<name>/*.contract.ts). Geometries are checked for their type only:
 * deck.gl draws them; the properties the map reads are checked in full.
 */
import * as z from 'zod/mini';
import type { Geometry, Point, Polygon, MultiPolygon } from 'geojson';
import { CATEGORY_GROUPS } from './categories';

export const numeric = z.pipe(
	z.union([z.number(), z.string()]),
	z.transform((v) => Number(v))
);
/** A feature's id as the layer APIs send it (uuid or serial). */
export const featureId = z.union([z.string(), z.number()]);
export const nullableNumber = z.optional(z.nullable(numeric));
export const nullableString = z.optional(z.nullable(z.string()));

export function geometryOf<G extends Geometry>(...types: G['type'][]) {
	return z.pipe(
		z.object({
			type: z.enum(types as [G['type'], ...G['type'][]]),
			coordinates: z.array(z.unknown())
		}),
		z.transform((g) => g as unknown as G)
	);
}

/** A GeoJSON FeatureCollection of `geometry` with `properties`. */
export function collection<G extends z.ZodMiniType, P extends z.ZodMiniType>(
	geometry: G,
	properties: P
) {
	return z.object({
		type: z.literal('FeatureCollection'),
		features: z.array(z.object({ type: z.literal('Feature'), geometry, properties }))
	});
}

export const point = geometryOf<Point>('Point');
export const polygonal = geometryOf<Polygon | MultiPolygon>('Polygon', 'MultiPolygon');

/**
 * Incidents as parallel arrays, newest first (GET /api/incidents/columns; the map receives them
 * as the binary frame of incident-wire.ts, checked there).
 */
export interface IncidentColumns {
	count: number;
	truncated: boolean;
	id: number[];
	lon: number[];
	lat: number[];
	category: string[];
	severity: number[];
	status: string[];
	/** Epoch seconds. */
	occurredAt: number[];
}

/**
 * A count as the disclosure rule publishes it (README "Disclosure rule"): for roles that see
 * aggregates only, null stands for a value below 3, shown as "< 3".
 */
export const publishedCount = z.nullable(numeric);
/** The window an aggregate counts (whole Vietnam days for aggregate-only roles). */
export const publishedWindow = z.object({ from: z.string(), to: z.string() });
export const disclosure = z.optional(z.enum(['exact', 'protected']));

/** One incident as GET /api/incidents/{id} sends it; what a live update needs to draw it. */
export const liveIncidentSchema = z.object({
	type: z.literal('Feature'),
	id: z.number(),
	geometry: z.object({
		type: z.literal('Point'),
		coordinates: z.tuple([z.number(), z.number()], z.number())
	}),
	properties: z.object({
		category: z.string(),
		categoryGroup: z.enum(CATEGORY_GROUPS),
		occurredAt: z.string(),
		severity: z.number(),
		status: z.string()
	})
});

const criteria = z.object({ accidents: numeric, deaths: numeric, injured: numeric });

export const situationSchema = z.object({
	asOf: z.optional(z.string()),
	disclosure,
	windows: z.optional(
		z.object({ today: publishedWindow, last7: publishedWindow, previous7: publishedWindow })
	),
	incidents: z.object({
		today: publishedCount,
		last7: publishedCount,
		previous7: publishedCount,
		z: numeric,
		significant: z.boolean(),
		open: publishedCount
	}),
	accidents: z.object({ monthToDate: criteria, sameTimeLastYear: criteria, z: criteria }),
	fireSites: z.object({ overdueInspections: numeric }),
	tips: z.optional(z.object({ awaitingTriage: publishedCount }))
});

export type LiveIncident = z.infer<typeof liveIncidentSchema>;
export type Situation = z.infer<typeof situationSchema>;
