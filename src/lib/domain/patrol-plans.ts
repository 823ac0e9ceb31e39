/**
 * Patrol plans: the request and answer shapes of the patrol endpoints, and the limits they share
 * with the database (supabase/migrations/20261130000500_patrol_plans.sql validates the same rules
 * again, naming the same fields). The endpoints (second phase of issue 11) validate with these and
 * call src/lib/server/patrols/*.
 */
import { z } from 'zod';
import { msg } from './api-text';
import { parseHhmm } from './patrol-shifts';
import { hasControlChars } from './text';
import { vnDate, vnDateOrDateTime } from './time';

export const PATROL_LIMITS = {
	/** Buffer radius of an item, metres. */
	bufferMinM: 25,
	bufferMaxM: 1000,
	defaultBufferM: 150,
	/** Minutes per visit at a stop (Koper: 10–15 minutes; DOMAIN.md). */
	defaultDwellMin: 15,
	koperMinMin: 10,
	koperMaxMin: 15,
	/** Koper: a hot spot revisited at least every ~2 hours. */
	revisitMaxMin: 120,
	maxItems: 500,
	maxShifts: 28,
	maxVertices: 10_000,
	/** Items of one positions batch the database takes; the rest are refused one by one. */
	positionBatchMax: 1000,
	/** A unit silent this long is shown as stale. */
	staleAfterMin: 5,
	/** The live map's track. */
	trackMinutes: 60,
	/** Positions are kept this long unless POSITION_RETENTION_DAYS says otherwise. */
	defaultRetentionDays: 90
} as const;

export const PATROL_ITEM_KINDS = ['route', 'area', 'stop'] as const;
export type PatrolItemKind = (typeof PATROL_ITEM_KINDS)[number];

const uuid = z.uuid({ message: msg('uuid') });
const label = (max: number) =>
	z
		.string()
		.trim()
		.min(1, msg('required'))
		.max(max)
		.refine((s) => !hasControlChars(s, { lines: false }), msg('control'));
const notes = z
	.string()
	.max(4000)
	.refine((s) => !hasControlChars(s), msg('control'));

// GeoJSON geometries, longitude first ----------------------------------------------------------

const position = z
	.array(z.number())
	.min(2)
	.max(3)
	.refine((p) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90, msg('lonLatOrder'));
const line = z.array(position).min(2).max(PATROL_LIMITS.maxVertices);
const ring = z
	.array(position)
	.min(4)
	.max(PATROL_LIMITS.maxVertices)
	.refine((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1], msg('invalid'));
const polygon = z.array(ring).min(1).max(100);

export const pointGeometry = z.object({ type: z.literal('Point'), coordinates: position }).strict();
export const lineGeometry = z.discriminatedUnion('type', [
	z.object({ type: z.literal('LineString'), coordinates: line }).strict(),
	z
		.object({ type: z.literal('MultiLineString'), coordinates: z.array(line).min(1).max(100) })
		.strict()
]);
export const polygonGeometry = z.discriminatedUnion('type', [
	z.object({ type: z.literal('Polygon'), coordinates: polygon }).strict(),
	z
		.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1).max(100) })
		.strict()
]);
/** What the old contract's `geometry` takes: a route's line or an area's polygon. */
export const routeGeometry = z.discriminatedUnion('type', [
	...lineGeometry.options,
	...polygonGeometry.options
]);
export type RouteGeometry = z.infer<typeof routeGeometry>;

// Shifts ---------------------------------------------------------------------------------------

const hhmm = z.string().refine((s) => parseHhmm(s) !== null, msg('hhmm'));

/** A weekly shift in Vietnam time; end before start runs overnight (belongs to its start day). */
export const patrolShift = z
	.object({
		days: z
			.array(z.number().int().min(1).max(7))
			.min(1)
			.max(7)
			.refine((d) => new Set(d).size === d.length, msg('weekdays')),
		start: hhmm,
		end: hhmm
	})
	.strict()
	.refine((s) => s.start !== s.end, { path: ['end'], message: msg('shiftSameTime') });
export type PatrolShift = z.infer<typeof patrolShift>;

// Items and plans ------------------------------------------------------------------------------

const bufferM = z.number().min(PATROL_LIMITS.bufferMinM).max(PATROL_LIMITS.bufferMaxM);
const itemBase = { id: uuid.optional(), name: label(120).optional(), bufferM: bufferM.optional() };

export const patrolItem = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('route'), ...itemBase, geometry: lineGeometry }).strict(),
	z.object({ kind: z.literal('area'), ...itemBase, geometry: polygonGeometry }).strict(),
	z
		.object({
			kind: z.literal('stop'),
			...itemBase,
			geometry: pointGeometry,
			dwellMin: z.number().int().min(1).max(240).optional(),
			visits: z.number().int().min(1).max(48).optional(),
			/** The route it belongs to: its id, or its index in `items` when new. */
			routeId: uuid.nullable().optional(),
			route: z.number().int().min(0).max(PATROL_LIMITS.maxItems).optional()
		})
		.strict()
]);
export type PatrolItemInput = z.infer<typeof patrolItem>;

const planFields = {
	name: label(120),
	unitId: uuid.nullable().optional(),
	teamId: uuid.nullable().optional(),
	validFrom: vnDate,
	validTo: vnDate.nullable().optional(),
	notes: notes.nullable().optional(),
	active: z.boolean({ message: msg('trueFalse') }).optional(),
	items: z.array(patrolItem).max(PATROL_LIMITS.maxItems),
	shifts: z.array(patrolShift).max(PATROL_LIMITS.maxShifts)
};

function periodInOrder(v: { validFrom: string; validTo?: string | null }, ctx: z.RefinementCtx) {
	if (v.validTo && v.validTo < v.validFrom) {
		ctx.addIssue({ code: 'custom', path: ['validTo'], message: msg('afterFrom') });
	}
}

function routesInList(v: { items: PatrolItemInput[] }, ctx: z.RefinementCtx) {
	v.items.forEach((it, i) => {
		if (
			it.kind === 'stop' &&
			it.route !== undefined &&
			!['route', 'area'].includes(v.items[it.route]?.kind ?? '')
		) {
			ctx.addIssue({ code: 'custom', path: ['items', i, 'route'], message: msg('routeIndex') });
		}
	});
}

/** POST /api/patrol-plans: a new plan in a zone (default: the caller's first). */
export const patrolPlanCreate = z
	.object({ zoneId: uuid.optional(), ...planFields })
	.strict()
	.superRefine(periodInOrder)
	.superRefine(routesInList);
export type PatrolPlanCreate = z.infer<typeof patrolPlanCreate>;

/** PUT /api/patrol-plans/{id}: the whole plan, made from `version` (409 when it is stale). */
export const patrolPlanUpdate = z
	.object({ version: z.number().int().min(1), ...planFields })
	.strict()
	.superRefine(periodInOrder)
	.superRefine(routesInList);
export type PatrolPlanUpdate = z.infer<typeof patrolPlanUpdate>;

/** POST /api/patrol-plans/{id}/restore: make version `restore` current again. */
export const patrolPlanRestore = z
	.object({ restore: z.number().int().min(1), version: z.number().int().min(1) })
	.strict();

/** DELETE /api/patrol-plans/{id}?version=… */
export const patrolPlanVersionParam = z.object({ version: z.coerce.number().int().min(1) });

// The old contract (held stable): /api/patrol-routes ---------------------------------------------

const routeStop = z
	.object({
		lon: z.number().gte(-180).lte(180),
		lat: z.number().gte(-90).lte(90),
		name: label(120).optional(),
		dwellMin: z.number().int().min(1).max(240).optional(),
		visits: z.number().int().min(1).max(48).optional()
	})
	.strict();

/** POST /api/patrol-routes → 201 {id}: a route (or area) with one shift and its stops. */
export const patrolRouteCreate = z
	.object({
		name: label(120),
		geometry: routeGeometry,
		bufferM,
		shift: patrolShift,
		stops: z.array(routeStop).max(50).optional()
	})
	.strict();
export type PatrolRouteCreate = z.infer<typeof patrolRouteCreate>;

/** PATCH /api/patrol-routes/{id}: any of the same fields (stops replace the route's stops). */
export const patrolRoutePatch = z
	.object({
		name: label(120).optional(),
		geometry: routeGeometry.optional(),
		bufferM: bufferM.optional(),
		shift: patrolShift.optional(),
		stops: z.array(routeStop).max(50).optional()
	})
	.strict()
	.refine((v) => Object.keys(v).length > 0, msg('nothingToChange'));
export type PatrolRoutePatch = z.infer<typeof patrolRoutePatch>;

/** GET …/coverage?from=&to= (days are Vietnam midnights). */
export const coverageQuery = z
	.object({ from: vnDateOrDateTime, to: vnDateOrDateTime })
	.strict()
	.refine((v) => v.to > v.from, { path: ['to'], message: msg('afterFrom') });

// Answers ---------------------------------------------------------------------------------------

const count = z.number().int().nullable();

/** GET /api/patrol-routes/{id}/coverage (and a plan's): null counts are "< 3" (board). */
export const patrolCoverageAnswer = z.object({
	areaM2: z.number(),
	zoneSharePct: z.number().nullable(),
	incidentsInside: count,
	incidentsTotal: count,
	incidentsInsideDuringShift: count,
	incidentsDuringShift: count,
	geometry: z
		.union([polygonGeometry, z.object({ type: z.literal('GeometryCollection') })])
		.nullable(),
	window: z.object({ from: z.string(), to: z.string() }),
	disclosure: z.enum(['exact', 'protected']),
	suppressed: z.boolean()
});
export type PatrolCoverage = z.infer<typeof patrolCoverageAnswer>;

/** A plan as saved (app.patrol_plan_json): what the page edits and a version snapshot holds. */
export const patrolPlanAnswer = z.object({
	id: uuid,
	zoneId: uuid,
	name: z.string(),
	unitId: uuid.nullable(),
	teamId: uuid.nullable(),
	validFrom: z.string(),
	validTo: z.string().nullable(),
	notes: z.string().nullable(),
	active: z.boolean(),
	version: z.number().int(),
	updatedAt: z.string(),
	updatedBy: uuid.nullable(),
	items: z.array(
		z.object({
			id: uuid,
			kind: z.enum(PATROL_ITEM_KINDS),
			name: z.string().nullable(),
			geometry: z.union([lineGeometry, polygonGeometry, pointGeometry]),
			bufferM: z.number(),
			dwellMin: z.number().nullable(),
			visits: z.number().nullable(),
			routeId: uuid.nullable()
		})
	),
	shifts: z.array(z.object({ days: z.array(z.number()), start: z.string(), end: z.string() }))
});
export type PatrolPlan = z.infer<typeof patrolPlanAnswer>;

/** A position as devices post it (the database checks each item and says why it refuses one). */
export interface PositionInput {
	unit: string;
	ts: string;
	lon: number;
	lat: number;
	accuracyM?: number | null;
}

export const POSITION_REJECTIONS = [
	'malformed',
	'batch_too_large',
	'unknown_unit',
	'unit_not_allowed',
	'bad_timestamp',
	'in_future',
	'too_old',
	'coordinates_out_of_range',
	'bad_accuracy'
] as const;
export type PositionRejection = (typeof POSITION_REJECTIONS)[number];

/** POST /api/patrol-positions → 202. */
export const positionBatchAnswer = z.object({
	accepted: z.number().int(),
	duplicates: z.number().int(),
	rejected: z.array(z.object({ index: z.number().int(), reason: z.enum(POSITION_REJECTIONS) }))
});
export type PositionBatchResult = z.infer<typeof positionBatchAnswer>;
