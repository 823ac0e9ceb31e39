/**
 * The board's analytics (issue 12): what its endpoints will take and answer. The statistics are
 * computed by SQL functions (supabase/migrations/2026113000070*–740); the services in
 * src/lib/server/analytics call them. These schemas are the pieces of the endpoints' contracts
 * (src/lib/domain/contracts/analytics.ts): the `…Query` schemas are what a route accepts, the
 * answer schemas what the SQL returns (both engines alike).
 *
 * Query parameters follow the existing ones: `zone` (code), `from`/`to` (Vietnam days or times),
 * `category` (comma-separated codes); sizes in whole metres (`cellM`, `bandM`, `windowM`,
 * `stepM`).
 */
import * as z from 'zod/mini';
import { msg } from './api-text';
import { windowParams, zoneParam as zone } from './contracts/shared';
import { categoriesParam, instantParam, intParam, zoneCodeParam } from './params';
import { CHANGE_BANDS } from './stats/change';
import { EMERGING_PATTERNS, HOTSPOT_CLASSES } from './stats/hotspots';
import { PERIOD_KINDS } from './stats/period';

export const UNIT_MODES = ['at_time', 'today'] as const;
export type UnitMode = (typeof UNIT_MODES)[number];
export const SERIES_BUCKETS = ['week', 'month'] as const;
export const SERIES_BY = ['total', 'group', 'category', 'unit'] as const;

/** Hexagon size and distance band limits (app.hotspot_band; aggregate-only roles: cells ≥ 200 m). */
export const HOTSPOT_CELL_M = { min: 50, max: 5_000, default: 250 } as const;
/** The band must reach the first ring of neighbours (√3 × cell) and at most 20 cells. */
export const bandLimits = (cellM: number) => ({
	min: Math.ceil(Math.sqrt(3) * cellM),
	max: 20 * cellM
});

// ---------------------------------------------------------------- queries

type Issues = { issues: z.core.$ZodRawIssue[] };

/** `to` later than `from` (400 naming `to`). */
const fromBeforeTo = (ctx: { value: { from?: Date; to?: Date } } & Issues) => {
	const v = ctx.value;
	if (v.from && v.to && v.from >= v.to) {
		ctx.issues.push({ code: 'custom', path: ['to'], message: msg('afterFrom'), input: v.to });
	}
};

const category = z
	.optional(categoriesParam)
	.check(z.describe('Comma-separated incident category codes.'));
const units = z
	.optional(z.enum(UNIT_MODES))
	.check(z.describe('`at_time`: units as they were then (default); `today`: as they are now.'));

/** GET /api/analytics/kpis?kind=&from=&to=&units=&category= (default: month, the last 30 days) */
export const kpisQuery = z
	.strictObject({ kind: z.optional(z.enum(PERIOD_KINDS)), ...windowParams, units, category, zone })
	.check(fromBeforeTo);

/** GET /api/analytics/series?from=&to=&bucket=&by=&units=&category= (default: the last 365 days) */
export const seriesQuery = z
	.strictObject({
		...windowParams,
		bucket: z.optional(z.enum(SERIES_BUCKETS)),
		by: z.optional(z.enum(SERIES_BY)),
		units,
		category,
		zone
	})
	.check(fromBeforeTo);

/** GET /api/analytics/hour-of-week?from=&to=&category= (default: the last 30 days) */
export const hourOfWeekQuery = z
	.strictObject({ ...windowParams, category, zone })
	.check(fromBeforeTo);

const bandFits = (ctx: { value: { cellM?: number; bandM?: number } } & Issues) => {
	const v = ctx.value;
	if (v.bandM === undefined) return;
	const { min, max } = bandLimits(v.cellM ?? HOTSPOT_CELL_M.default);
	if (v.bandM < min || v.bandM > max) {
		ctx.issues.push({
			code: 'custom',
			path: ['bandM'],
			message: msg('wholeBetween', { min, max }),
			input: v.bandM
		});
	}
};

const cellM = z
	.optional(intParam(HOTSPOT_CELL_M.min, HOTSPOT_CELL_M.max))
	.check(z.describe('Hexagon size in metres (default 250).'));
const bandM = z
	.optional(intParam(1, 100_000))
	.check(z.describe('Distance band in metres: √3 × cellM to 20 × cellM (default 2 × cellM).'));

/** GET /api/analytics/hotspots?from=&to=&category=&cellM=&bandM= */
export const hotspotsQuery = z
	.strictObject({ ...windowParams, category, cellM, bandM, zone })
	.check(fromBeforeTo, bandFits);

/** GET /api/analytics/emerging-hotspots?until=&months=&category=&cellM=&bandM= */
export const emergingHotspotsQuery = z
	.strictObject({
		until: z.optional(instantParam).check(z.describe('End (default: now).')),
		months: z.optional(intParam(12, 60)).check(z.describe('Whole months, 12 to 60.')),
		category,
		cellM,
		bandM,
		zone
	})
	.check(bandFits);

/** GET /api/analytics/ql10-criteria?from=&to= (default: the last 365 days) */
export const ql10CriteriaQuery = z.strictObject({ ...windowParams, zone }).check(fromBeforeTo);

const stepFits = (ctx: { value: { windowM?: number; stepM?: number } } & Issues) => {
	const windowM = ctx.value.windowM ?? 500;
	if (ctx.value.stepM !== undefined && ctx.value.stepM > windowM) {
		ctx.issues.push({
			code: 'custom',
			path: ['stepM'],
			message: msg('wholeBetween', { min: 10, max: windowM }),
			input: ctx.value.stepM
		});
	}
};

/** GET /api/analytics/ql10-blackspots?from=&to=&windowM=&stepM= (from: 12 months before to) */
export const ql10BlackSpotsQuery = z
	.strictObject({
		...windowParams,
		windowM: z
			.optional(intParam(100, 5_000))
			.check(z.describe('Window length in metres (default 500).')),
		stepM: z
			.optional(intParam(10, 5_000))
			.check(z.describe('Step in metres, at most windowM (default 100).')),
		zone
	})
	.check(fromBeforeTo, stepFits);

// ---------------------------------------------------------------- the board's pages

const day = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/));
const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/));

/** /board: the trends page. */
export const trendsPageQuery = z.strictObject({
	kind: z._default(z.enum(['month', 'quarter', 'year']), 'month'),
	day: z.optional(day),
	units: z._default(z.enum(UNIT_MODES), 'at_time'),
	zone: z.optional(zoneCodeParam)
});

/** The monthly report's tables (src/lib/analytics/report-tables.ts), each a download. */
export const REPORT_TABLES = [
	'overview',
	'categories',
	'units',
	'ql10',
	'blackspots',
	'fire',
	'teams',
	'tips'
] as const;
export type ReportTableKey = (typeof REPORT_TABLES)[number];

/** /board/report, its table downloads (`format`) and its PDF. */
export const reportPageQuery = z.strictObject({
	month: z.optional(month),
	zone: z.optional(zoneCodeParam),
	format: z.optional(z.enum(['csv', 'xlsx']))
});

// ---------------------------------------------------------------- answers

/** A count as published: a number, or null when suppressed (aggregate-only roles, "< 3"). */
const published = z.nullable(z.number().check(z.int()));
const instantText = z.string();
const window = z.object({ from: instantText, to: instantText });
const disclosure = z.enum(['exact', 'protected']);

export const changeSchema = z.object({
	difference: z.number(),
	percent: z.nullable(z.number()),
	z: z.number(),
	band: z.enum(CHANGE_BANDS),
	direction: z.nullable(z.enum(['up', 'down']))
});

export const unitInfoSchema = z.object({
	/** An admin_units id, or "unknown". */
	key: z.string(),
	code: z.nullable(z.string()),
	name: z.nullable(z.string()),
	level: z.nullable(z.string()),
	validFrom: z.nullable(z.string()),
	validTo: z.nullable(z.string())
});

export const kpiRowSchema = z.object({
	dimension: z.enum(['total', 'group', 'category', 'unit']),
	key: z.string(),
	current: published,
	/** Null also where the unit was not in force in the compared window (inForce says so). */
	previous: published,
	lastYear: published,
	vsPrevious: z.nullable(changeSchema),
	vsLastYear: z.nullable(changeSchema),
	inForce: z.optional(z.object({ previous: z.boolean(), lastYear: z.boolean() }))
});

export const kpisSchema = z.object({
	kind: z.enum(PERIOD_KINDS),
	unitMode: z.enum(UNIT_MODES),
	disclosure,
	window,
	periods: z.object({ current: window, previous: window, lastYear: window }),
	categories: z.nullable(z.array(z.string())),
	rows: z.array(kpiRowSchema),
	units: z.array(unitInfoSchema),
	suppressed: z.boolean()
});
export type Kpis = z.infer<typeof kpisSchema>;

export const seriesSchema = z.object({
	bucket: z.enum(SERIES_BUCKETS),
	by: z.enum(SERIES_BY),
	unitMode: z.enum(UNIT_MODES),
	disclosure,
	window,
	categories: z.nullable(z.array(z.string())),
	/** Vietnam weeks (label: the Monday, YYYY-MM-DD) or months (YYYY-MM), cut to the window. */
	buckets: z.array(z.object({ label: z.string(), from: instantText, to: instantText })),
	/** values[i] belongs to buckets[i]; null: suppressed, or a unit not in force then. */
	series: z.array(z.object({ key: z.string(), values: z.array(published) })),
	units: z.nullable(z.array(unitInfoSchema)),
	suppressed: z.boolean()
});
export type Series = z.infer<typeof seriesSchema>;

export const hourOfWeekSchema = z.object({
	disclosure,
	window,
	categories: z.nullable(z.array(z.string())),
	/** 7 rows (Monday … Sunday) of 24 hours, Vietnam time. */
	grid: z.array(z.array(published).check(z.length(24))).check(z.length(7)),
	total: published,
	suppressed: z.boolean()
});
export type HourOfWeek = z.infer<typeof hourOfWeekSchema>;

const polygon = z.object({
	type: z.literal('Polygon'),
	coordinates: z.array(z.array(z.array(z.number())))
});

export const hotspotsSchema = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			geometry: polygon,
			properties: z.object({
				q: z.number().check(z.int()),
				r: z.number().check(z.int()),
				count: published,
				/** Null for aggregate-only roles (see the README's disclosure rule). */
				giZ: z.nullable(z.number()),
				giP: z.nullable(z.number()),
				hotspotClass: z.enum(HOTSPOT_CLASSES),
				neighbours: z.number().check(z.int())
			})
		})
	),
	cellM: z.number(),
	bandM: z.number(),
	categories: z.nullable(z.array(z.string())),
	window,
	disclosure,
	cells: z.number().check(z.int()),
	total: published,
	mean: z.nullable(z.number()),
	sd: z.nullable(z.number()),
	suppressed: z.boolean(),
	fdr: z.object({
		method: z.literal('benjamini-hochberg'),
		levels: z.array(z.number()),
		tests: z.number().check(z.int())
	})
});
export type Hotspots = z.infer<typeof hotspotsSchema>;

const trend = z.object({
	/** Significant (p ≤ 0.05) rise or fall of the counts; null: none. */
	direction: z.nullable(z.enum(['up', 'down'])),
	/** Exact roles only: Mann-Kendall S, its variance, Z and two-sided p. */
	s: z.optional(z.number().check(z.int())),
	varS: z.optional(z.number()),
	z: z.optional(z.nullable(z.number())),
	p: z.optional(z.nullable(z.number()))
});

export const emergingHotspotsSchema = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			geometry: polygon,
			properties: z.object({
				q: z.number().check(z.int()),
				r: z.number().check(z.int()),
				pattern: z.enum(EMERGING_PATTERNS),
				/** Per month, oldest first: the sparkline. */
				counts: z.array(published),
				/** Per month: 1 significant hot spot, −1 cold, 0 neither. */
				bins: z.array(z.union([z.literal(1), z.literal(0), z.literal(-1)])),
				/** Exact roles only: the Gi* z of each month, and its Mann-Kendall trend. */
				giZ: z.nullable(z.array(z.nullable(z.number()))),
				zTrend: z.nullable(
					z.object({
						s: z.number().check(z.int()),
						z: z.nullable(z.number()),
						p: z.nullable(z.number())
					})
				),
				countTrend: trend,
				neighbours: z.number().check(z.int())
			})
		})
	),
	patterns: z.record(z.string(), z.number().check(z.int())),
	slices: z.array(window),
	months: z.number().check(z.int()),
	cellM: z.number(),
	bandM: z.number(),
	alpha: z.number(),
	categories: z.nullable(z.array(z.string())),
	window,
	disclosure,
	cells: z.number().check(z.int())
});
export type EmergingHotspots = z.infer<typeof emergingHotspotsSchema>;

const criteria = z.object({
	accidents: z.number().check(z.int()),
	deaths: z.number().check(z.int()),
	injuries: z.number().check(z.int())
});
const criteriaBucket = z.object({
	from: instantText,
	to: instantText,
	current: criteria,
	lastYear: criteria,
	change: z.object({ accidents: changeSchema, deaths: changeSchema, injuries: changeSchema })
});

export const ql10CriteriaSchema = z.object({
	period: window,
	months: z.array(z.extend(criteriaBucket, { month: z.string() })),
	years: z.array(z.extend(criteriaBucket, { year: z.string() }))
});
export type Ql10Criteria = z.infer<typeof ql10CriteriaSchema>;

export const ql10BlackSpotsSchema = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			geometry: z.nullable(z.object({ type: z.string(), coordinates: z.array(z.unknown()) })),
			properties: z.object({
				rank: z.number().check(z.int()),
				road: z.string(),
				fromKm: z.number(),
				toKm: z.number(),
				/** Km+m, e.g. Km27+350. */
				fromLabel: z.string(),
				toLabel: z.string(),
				accidents: z.number().check(z.int()),
				fatalAccidents: z.number().check(z.int()),
				injuryAccidents: z.number().check(z.int()),
				damageOnly: z.number().check(z.int()),
				deaths: z.number().check(z.int()),
				injuries: z.number().check(z.int()),
				score: z.number().check(z.int()),
				blackSpot: z.boolean()
			})
		})
	),
	period: window,
	windowM: z.number().check(z.int()),
	stepM: z.number().check(z.int()),
	weights: z.object({ fatal: z.number(), injury: z.number(), damageOnly: z.number() }),
	blackSpots: z.number().check(z.int())
});
export type Ql10BlackSpots = z.infer<typeof ql10BlackSpotsSchema>;
