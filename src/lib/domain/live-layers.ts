/**
 * Shapes of the live map's layer and panel APIs as the browser parses them before drawing
 * (`/api/incidents/columns`, `/hexbins`, `/api/accidents`, `/api/fire-sites`, `/api/teams`,
 * `/api/patrol-routes`, `/api/situation`). Geometries are checked for their type only: deck.gl
 * draws them; the properties the map reads are checked in full.
 */
import * as z from 'zod/mini';
import type { Geometry, LineString, MultiLineString, Point, Polygon, MultiPolygon } from 'geojson';
import { CATEGORY_GROUPS } from './categories';

const numeric = z.pipe(
	z.union([z.number(), z.string()]),
	z.transform((v) => Number(v))
);
const id = z.union([z.string(), z.number()]);
const nullableNumber = z.optional(z.nullable(numeric));
const nullableString = z.optional(z.nullable(z.string()));

function geometryOf<G extends Geometry>(...types: G['type'][]) {
	return z.pipe(
		z.object({
			type: z.enum(types as [G['type'], ...G['type'][]]),
			coordinates: z.array(z.unknown())
		}),
		z.transform((g) => g as unknown as G)
	);
}

function collection<G extends z.ZodMiniType, P extends z.ZodMiniType>(geometry: G, properties: P) {
	return z.object({
		type: z.literal('FeatureCollection'),
		features: z.array(z.object({ type: z.literal('Feature'), geometry, properties }))
	});
}

const point = geometryOf<Point>('Point');
const polygonal = geometryOf<Polygon | MultiPolygon>('Polygon', 'MultiPolygon');

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
const publishedCount = z.nullable(numeric);
/** The window an aggregate counts (whole Vietnam days for aggregate-only roles). */
const publishedWindow = z.object({ from: z.string(), to: z.string() });
const disclosure = z.optional(z.enum(['exact', 'protected']));

export const hexbinCollectionSchema = z.extend(
	collection(polygonal, z.object({ count: publishedCount, suppressed: z.optional(z.boolean()) })),
	{
		window: z.optional(publishedWindow),
		disclosure,
		total: z.optional(publishedCount)
	}
);

export const accidentCollectionSchema = collection(
	point,
	z.object({
		id,
		occurredAt: z.string(),
		deaths: numeric,
		injuries: numeric,
		severityClass: numeric,
		road: nullableString,
		km: nullableNumber,
		kmLabel: nullableString
	})
);

/** Accident black spots (GET /api/accidents/black-spots): sections along a road. */
export const blackSpotCollectionSchema = collection(
	geometryOf<LineString | MultiLineString>('LineString', 'MultiLineString'),
	z.object({
		road: z.string(),
		kmFrom: numeric,
		kmTo: numeric,
		kmFromLabel: z.string(),
		kmToLabel: z.string(),
		accidents: numeric,
		fatalAccidents: numeric,
		injuryAccidents: numeric,
		deaths: numeric,
		injuries: numeric
	})
);

export const FIRE_CLASSES = [
	'fire_managed',
	'explosion_risk',
	'police_managed',
	'commune_managed'
] as const;
export type FireClass = (typeof FIRE_CLASSES)[number];

export const fireSiteCollectionSchema = collection(
	point,
	z.object({
		id,
		facility: z.string(),
		address: nullableString,
		fireClass: z.enum(FIRE_CLASSES),
		overdue: z.boolean(),
		lastInspectedOn: nullableString,
		openViolations: nullableNumber
	})
);

export const TEAM_KINDS = ['company', 'residential', 'statutory'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export const teamCollectionSchema = collection(
	geometryOf<Point | Polygon | MultiPolygon>('Point', 'Polygon', 'MultiPolygon'),
	z.object({
		id,
		name: z.string(),
		kind: z.enum(TEAM_KINDS),
		members: nullableNumber,
		labelPoint: z.optional(z.nullable(point))
	})
);

export const patrolRouteCollectionSchema = collection(
	geometryOf<LineString | MultiLineString | Polygon | MultiPolygon>(
		'LineString',
		'MultiLineString',
		'Polygon',
		'MultiPolygon'
	),
	z.object({
		id,
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

export type HexbinCollection = z.infer<typeof hexbinCollectionSchema>;
export type HexbinFeature = HexbinCollection['features'][number];
export type AccidentCollection = z.infer<typeof accidentCollectionSchema>;
export type AccidentFeature = AccidentCollection['features'][number];
export type BlackSpotCollection = z.infer<typeof blackSpotCollectionSchema>;
export type BlackSpotFeature = BlackSpotCollection['features'][number];
export type FireSiteCollection = z.infer<typeof fireSiteCollectionSchema>;
export type FireSiteFeature = FireSiteCollection['features'][number];
export type TeamCollection = z.infer<typeof teamCollectionSchema>;
export type TeamFeature = TeamCollection['features'][number];
export type PatrolRouteCollection = z.infer<typeof patrolRouteCollectionSchema>;
export type PatrolRouteFeature = PatrolRouteCollection['features'][number];
export type LiveIncident = z.infer<typeof liveIncidentSchema>;
export type Situation = z.infer<typeof situationSchema>;
