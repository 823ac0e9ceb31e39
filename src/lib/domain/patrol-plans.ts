/**
 * Patrol plans: the request and answer shapes of the patrol endpoints, and the limits they share
 * with the database (supabase/migrations/20261130000500_patrol_plans.sql validates the same rules
 * again, naming the same fields). The endpoints (second phase of issue 11) validate with these and
 * call src/lib/server/patrols/*; their contracts are in contracts/patrols.ts.
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
	validTo: z.nullable(vnDate).optional(),
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
export const patrolPlanVersionParam = z
	.object({ version: z.coerce.number().int().min(1) })
	.strict();

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

/** The default period of an analysis: the 12 months before `to` (default: now). */
export const DEFAULT_PERIOD_DAYS = 365;

const period = { from: z.optional(vnDateOrDateTime), to: z.optional(vnDateOrDateTime) };

/** Fills the period's defaults, then checks its order. */
function inPeriod<T extends { from?: Date; to?: Date }>(v: T): T & { from: Date; to: Date } {
	const to = v.to ?? new Date();
	const from = v.from ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
	return { ...v, from, to };
}
const ordered: [(v: { from: Date; to: Date }) => boolean, { path: string[]; message: string }] = [
	(v) => v.to > v.from,
	{ path: ['to'], message: msg('afterFrom') }
];

/** GET …/coverage?from=&to= (days are Vietnam midnights; default: the last 12 months). */
export const coverageQuery = z
	.object(period)
	.strict()
	.transform(inPeriod)
	.refine(...ordered);

/** A position as devices post it (the database checks each item and says why it refuses one). */
export interface PositionInput {
	unit: string;
	ts: string;
	lon: number;
	lat: number;
	accuracyM?: number | null;
}

export { POSITION_REJECTIONS, type PositionRejection } from './patrol-answers';
export type { PatrolCoverage, PatrolPlan, PositionBatchResult } from './patrol-answers';

// The endpoints' requests ---------------------------------------------------------------------------

/** `{id}` of /api/patrol-routes/{id} and /api/patrol-plans/{id}. */
export const patrolIdParam = uuid;

/** GET /api/patrol-plans/{id}/versions/{version}. */
export const patrolVersionParam = z.coerce
	.number({ message: msg('positiveId') })
	.int()
	.min(1);

/** GET /api/patrol-plans/{id}/coverage: also of one route or area (`item`). */
export const patrolPlanCoverageQuery = z
	.object({ ...period, item: uuid.optional() })
	.strict()
	.transform(inPeriod)
	.refine(...ordered);

const mode = z.enum(['place', 'time']).optional();
const whole = (min: number, max: number) =>
	z.coerce
		.number({ message: msg('wholeBetween', { min, max }) })
		.int(msg('wholeBetween', { min, max }))
		.min(min, msg('wholeBetween', { min, max }))
		.max(max, msg('wholeBetween', { min, max }));

/** GET /api/patrol-plans/{id}/hotspots: `place` (outside the coverage) or `time` (at their hour). */
export const patrolHotspotsQuery = z
	.object({
		...period,
		mode,
		sizeM: whole(100, 2000).optional(),
		limit: whole(1, 50).optional()
	})
	.strict()
	.transform(inPeriod)
	.refine(...ordered);

/** GET /api/patrol-plans/{id}/proposal: k stops; `seed` adds randomised visits per shift. */
export const patrolProposalQuery = z
	.object({
		...period,
		k: whole(1, 50),
		radiusM: whole(PATROL_LIMITS.bufferMinM, PATROL_LIMITS.bufferMaxM).optional(),
		mode,
		seed: whole(0, 2_147_483_647).optional()
	})
	.strict()
	.transform(inPeriod)
	.refine(...ordered);

export const PATROL_FILE_FORMATS = ['geojson', 'gpx', 'kml'] as const;

/** GET /api/patrol-plans/{id}/export?format= */
export const patrolExportQuery = z.object({ format: z.enum(PATROL_FILE_FORMATS) }).strict();

/** POST /api/patrol-plans/import: a file's text; its items come back, nothing is saved. */
export const patrolImportBody = z
	.object({
		text: z.string().min(1, msg('required')).max(5_000_000),
		format: z.enum(PATROL_FILE_FORMATS).optional(),
		fileName: label(200).optional()
	})
	.strict();

/** POST /api/patrol-positions: a JSON array; each item is checked by the database. */
export const patrolPositionsBody = z.array(z.unknown(), { message: msg('positionsArray') });
