/**
 * The board's analytics (issue 12): what its endpoints will take and answer. The statistics are
 * computed by SQL functions (supabase/migrations/2026113000070*–740); the services in
 * src/lib/server/analytics call them. These schemas are the sketch of the endpoints' contracts:
 * a route parses its query with the `…Query` schema and passes the answer through; the response
 * schemas describe what the SQL returns (both engines alike), for the client to decode and the
 * OpenAPI document to state.
 *
 * Query parameters follow the existing ones: `zone` (code), `from`/`to` (Vietnam days or times),
 * `category` (comma-separated codes); sizes in whole metres (`cellM`, `bandM`, `windowM`,
 * `stepM`).
 */
import { z } from 'zod';
import { msg } from './api-text';
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

const fromBeforeTo = <T extends { from?: Date; to?: Date }>(v: T, ctx: z.RefinementCtx) => {
	if (v.from && v.to && v.from >= v.to) {
		ctx.addIssue({ code: 'custom', path: ['to'], message: msg('afterFrom') });
	}
};

/** GET /api/analytics/kpis?kind=&from=&to=&units=&category= (default: month, the last 30 days) */
export const kpisQuery = z
	.object({
		kind: z.enum(PERIOD_KINDS).optional(),
		from: instantParam.optional(),
		to: instantParam.optional(),
		units: z.enum(UNIT_MODES).optional(),
		category: categoriesParam.optional(),
		zone: zoneCodeParam.optional()
	})
	.strict()
	.superRefine(fromBeforeTo);

/** GET /api/analytics/series?from=&to=&bucket=&by=&units=&category= (default: the last 365 days) */
export const seriesQuery = z
	.object({
		from: instantParam.optional(),
		to: instantParam.optional(),
		bucket: z.enum(SERIES_BUCKETS).optional(),
		by: z.enum(SERIES_BY).optional(),
		units: z.enum(UNIT_MODES).optional(),
		category: categoriesParam.optional(),
		zone: zoneCodeParam.optional()
	})
	.strict()
	.superRefine(fromBeforeTo);

/** GET /api/analytics/hour-of-week?from=&to=&category= (default: the last 30 days) */
export const hourOfWeekQuery = z
	.object({
		from: instantParam.optional(),
		to: instantParam.optional(),
		category: categoriesParam.optional(),
		zone: zoneCodeParam.optional()
	})
	.strict()
	.superRefine(fromBeforeTo);

const bandFits = (v: { cellM?: number; bandM?: number }, ctx: z.RefinementCtx) => {
	if (v.bandM === undefined) return;
	const { min, max } = bandLimits(v.cellM ?? HOTSPOT_CELL_M.default);
	if (v.bandM < min || v.bandM > max) {
		ctx.addIssue({ code: 'custom', path: ['bandM'], message: msg('wholeBetween', { min, max }) });
	}
};

const cellM = intParam(HOTSPOT_CELL_M.min, HOTSPOT_CELL_M.max);
const bandM = intParam(1, 100_000);

/** GET /api/analytics/hotspots?from=&to=&category=&cellM=&bandM= */
export const hotspotsQuery = z
	.object({
		from: instantParam.optional(),
		to: instantParam.optional(),
		category: categoriesParam.optional(),
		cellM: cellM.optional(),
		bandM: bandM.optional(),
		zone: zoneCodeParam.optional()
	})
	.strict()
	.superRefine((v, ctx) => {
		fromBeforeTo(v, ctx);
		bandFits(v, ctx);
	});

/** GET /api/analytics/emerging-hotspots?until=&months=&category=&cellM=&bandM= */
export const emergingHotspotsQuery = z
	.object({
		until: instantParam.optional(),
		months: intParam(12, 60).optional(),
		category: categoriesParam.optional(),
		cellM: cellM.optional(),
		bandM: bandM.optional(),
		zone: zoneCodeParam.optional()
	})
	.strict()
	.superRefine(bandFits);

/** GET /api/analytics/ql10-criteria?from=&to= (default: the last 365 days) */
export const ql10CriteriaQuery = z
	.object({
		from: instantParam.optional(),
		to: instantParam.optional(),
		zone: zoneCodeParam.optional()
	})
	.strict()
	.superRefine(fromBeforeTo);

/** GET /api/analytics/ql10-blackspots?from=&to=&windowM=&stepM= (from: 12 months before to) */
export const ql10BlackSpotsQuery = z
	.object({
		from: instantParam.optional(),
		to: instantParam.optional(),
		windowM: intParam(100, 5_000).optional(),
		stepM: intParam(10, 5_000).optional(),
		zone: zoneCodeParam.optional()
	})
	.strict()
	.superRefine((v, ctx) => {
		fromBeforeTo(v, ctx);
		const windowM = v.windowM ?? 500;
		if (v.stepM !== undefined && v.stepM > windowM) {
			ctx.addIssue({
				code: 'custom',
				path: ['stepM'],
				message: msg('wholeBetween', { min: 10, max: windowM })
			});
		}
	});

// ---------------------------------------------------------------- answers

/** A count as published: a number, or null when suppressed (aggregate-only roles, "< 3"). */
const published = z.number().int().nullable();
const instantText = z.string();
const window = z.object({ from: instantText, to: instantText });
const disclosure = z.enum(['exact', 'protected']);

export const changeSchema = z.object({
	difference: z.number(),
	percent: z.number().nullable(),
	z: z.number(),
	band: z.enum(CHANGE_BANDS),
	direction: z.enum(['up', 'down']).nullable()
});

export const unitInfoSchema = z.object({
	/** An admin_units id, or "unknown". */
	key: z.string(),
	code: z.string().nullable(),
	name: z.string().nullable(),
	level: z.string().nullable(),
	validFrom: z.string().nullable(),
	validTo: z.string().nullable()
});

export const kpiRowSchema = z.object({
	dimension: z.enum(['total', 'group', 'category', 'unit']),
	key: z.string(),
	current: published,
	/** Null also where the unit was not in force in the compared window (inForce says so). */
	previous: published,
	lastYear: published,
	vsPrevious: changeSchema.nullable(),
	vsLastYear: changeSchema.nullable(),
	inForce: z.object({ previous: z.boolean(), lastYear: z.boolean() }).optional()
});

export const kpisSchema = z.object({
	kind: z.enum(PERIOD_KINDS),
	unitMode: z.enum(UNIT_MODES),
	disclosure,
	window,
	periods: z.object({ current: window, previous: window, lastYear: window }),
	categories: z.array(z.string()).nullable(),
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
	categories: z.array(z.string()).nullable(),
	/** Vietnam weeks (label: the Monday, YYYY-MM-DD) or months (YYYY-MM), cut to the window. */
	buckets: z.array(z.object({ label: z.string(), from: instantText, to: instantText })),
	/** values[i] belongs to buckets[i]; null: suppressed, or a unit not in force then. */
	series: z.array(z.object({ key: z.string(), values: z.array(published) })),
	units: z.array(unitInfoSchema).nullable(),
	suppressed: z.boolean()
});
export type Series = z.infer<typeof seriesSchema>;

export const hourOfWeekSchema = z.object({
	disclosure,
	window,
	categories: z.array(z.string()).nullable(),
	/** 7 rows (Monday … Sunday) of 24 hours, Vietnam time. */
	grid: z.array(z.array(published).length(24)).length(7),
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
				q: z.number().int(),
				r: z.number().int(),
				count: published,
				/** Null for aggregate-only roles (see the README's disclosure rule). */
				giZ: z.number().nullable(),
				giP: z.number().nullable(),
				hotspotClass: z.enum(HOTSPOT_CLASSES),
				neighbours: z.number().int()
			})
		})
	),
	cellM: z.number(),
	bandM: z.number(),
	categories: z.array(z.string()).nullable(),
	window,
	disclosure,
	cells: z.number().int(),
	total: published,
	mean: z.number().nullable(),
	sd: z.number().nullable(),
	suppressed: z.boolean(),
	fdr: z.object({
		method: z.literal('benjamini-hochberg'),
		levels: z.array(z.number()),
		tests: z.number().int()
	})
});
export type Hotspots = z.infer<typeof hotspotsSchema>;

const trend = z.object({
	/** Significant (p ≤ 0.05) rise or fall of the counts; null: none. */
	direction: z.enum(['up', 'down']).nullable(),
	/** Exact roles only: Mann-Kendall S, its variance, Z and two-sided p. */
	s: z.number().int().optional(),
	varS: z.number().optional(),
	z: z.number().nullable().optional(),
	p: z.number().nullable().optional()
});

export const emergingHotspotsSchema = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			geometry: polygon,
			properties: z.object({
				q: z.number().int(),
				r: z.number().int(),
				pattern: z.enum(EMERGING_PATTERNS),
				/** Per month, oldest first: the sparkline. */
				counts: z.array(published),
				/** Per month: 1 significant hot spot, −1 cold, 0 neither. */
				bins: z.array(z.union([z.literal(1), z.literal(0), z.literal(-1)])),
				/** Exact roles only: the Gi* z of each month, and its Mann-Kendall trend. */
				giZ: z.array(z.number().nullable()).nullable(),
				zTrend: z
					.object({ s: z.number().int(), z: z.number().nullable(), p: z.number().nullable() })
					.nullable(),
				countTrend: trend,
				neighbours: z.number().int()
			})
		})
	),
	patterns: z.record(z.string(), z.number().int()),
	slices: z.array(window),
	months: z.number().int(),
	cellM: z.number(),
	bandM: z.number(),
	alpha: z.number(),
	categories: z.array(z.string()).nullable(),
	window,
	disclosure,
	cells: z.number().int()
});
export type EmergingHotspots = z.infer<typeof emergingHotspotsSchema>;

const criteria = z.object({
	accidents: z.number().int(),
	deaths: z.number().int(),
	injuries: z.number().int()
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
	months: z.array(criteriaBucket.extend({ month: z.string() })),
	years: z.array(criteriaBucket.extend({ year: z.string() }))
});
export type Ql10Criteria = z.infer<typeof ql10CriteriaSchema>;

export const ql10BlackSpotsSchema = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }).nullable(),
			properties: z.object({
				rank: z.number().int(),
				road: z.string(),
				fromKm: z.number(),
				toKm: z.number(),
				/** Km+m, e.g. Km27+350. */
				fromLabel: z.string(),
				toLabel: z.string(),
				accidents: z.number().int(),
				fatalAccidents: z.number().int(),
				injuryAccidents: z.number().int(),
				damageOnly: z.number().int(),
				deaths: z.number().int(),
				injuries: z.number().int(),
				score: z.number().int(),
				blackSpot: z.boolean()
			})
		})
	),
	period: window,
	windowM: z.number().int(),
	stepM: z.number().int(),
	weights: z.object({ fatal: z.number(), injury: z.number(), damageOnly: z.number() }),
	blackSpots: z.number().int()
});
export type Ql10BlackSpots = z.infer<typeof ql10BlackSpotsSchema>;

// ---------------------------------------------------------------- endpoints

/**
 * The board's analytics endpoints, one entry each: path, the query schema its handler parses and
 * the answer schema its SQL function returns. The route files (src/routes/api/analytics/…) take
 * them from here, and so does the OpenAPI document. All are GET, signed in, for roles that read
 * incident aggregates in their zones (admin, commander, dispatcher, planner, board; QL10: every
 * role whose row-level security shows accidents).
 */
export const ANALYTICS_ENDPOINTS = {
	kpis: {
		path: '/api/analytics/kpis',
		operationId: 'analyticsKpis',
		summary:
			'Period KPIs (total, group, category, unit) against the previous period and the same period last year, with the Poisson z-band of each change.',
		query: kpisQuery,
		response: kpisSchema
	},
	series: {
		path: '/api/analytics/series',
		operationId: 'analyticsSeries',
		summary: 'Weekly or monthly counts by total, category group, category or unit.',
		query: seriesQuery,
		response: seriesSchema
	},
	hourOfWeek: {
		path: '/api/analytics/hour-of-week',
		operationId: 'analyticsHourOfWeek',
		summary: 'Counts by Vietnam weekday × hour (7 × 24).',
		query: hourOfWeekQuery,
		response: hourOfWeekSchema
	},
	hotspots: {
		path: '/api/analytics/hotspots',
		operationId: 'analyticsHotspots',
		summary:
			'Getis-Ord Gi* hot and cold spots on the zone hexagon grid (default: last 30 days, 250 m cells, band 2 × cell); states the cell and band used.',
		query: hotspotsQuery,
		response: hotspotsSchema
	},
	emergingHotspots: {
		path: '/api/analytics/emerging-hotspots',
		operationId: 'analyticsEmergingHotspots',
		summary:
			'Emerging hot spots: Gi* per month over 12–60 whole months before `until` (default: now) and a Mann-Kendall trend per cell.',
		query: emergingHotspotsQuery,
		response: emergingHotspotsSchema
	},
	ql10Criteria: {
		path: '/api/analytics/ql10-criteria',
		operationId: 'analyticsQl10Criteria',
		summary: 'QL10: accidents, deaths and injuries by month and year against a year earlier.',
		query: ql10CriteriaQuery,
		response: ql10CriteriaSchema
	},
	ql10BlackSpots: {
		path: '/api/analytics/ql10-blackspots',
		operationId: 'analyticsQl10BlackSpots',
		summary:
			'QL10 black-spot screening: sliding windows (windowM, default 500 m, every stepM, default 100 m; default: the 12 months before `to`) ranked by severity-weighted score.',
		query: ql10BlackSpotsQuery,
		response: ql10BlackSpotsSchema
	}
} as const;
export type AnalyticsEndpoint = keyof typeof ANALYTICS_ENDPOINTS;
