/**
 * Patrol endpoints' answers, as the browser decodes them (zod/mini, no refusal texts: the planner's
 * page and the live map import this) and as the OpenAPI document describes them. The requests are
 * in patrol-plans.ts, the endpoints' contracts in contracts/patrols.ts.
 */
import * as z from 'zod/mini';
import type { PatrolItemInput } from './patrol-plans';

const id = z.string();
const count = z.nullable(z.number());
const anyGeometry = z.object({ type: z.string(), coordinates: z.array(z.unknown()) });
const window = z.object({ from: z.string(), to: z.string() });

/** POST /api/patrol-routes → 201. */
export const patrolRouteCreated = z.object({ id });

/** GET …/coverage (a route's or a plan's): null counts are "< 3" (board). */
export const patrolCoverageAnswer = z.object({
	areaM2: z.number(),
	zoneSharePct: z.nullable(z.number()),
	incidentsInside: count,
	incidentsTotal: count,
	incidentsInsideDuringShift: count,
	incidentsDuringShift: count,
	geometry: z.nullable(z.object({ type: z.string() })),
	window,
	disclosure: z.enum(['exact', 'protected']),
	suppressed: z.boolean()
});
export type PatrolCoverage = z.infer<typeof patrolCoverageAnswer>;

export const PATROL_ITEM_KIND_VALUES = ['route', 'area', 'stop'] as const;

const planItem = z.object({
	id,
	kind: z.enum(PATROL_ITEM_KIND_VALUES),
	name: z.nullable(z.string()),
	geometry: anyGeometry,
	bufferM: z.number(),
	dwellMin: z.nullable(z.number()),
	visits: z.nullable(z.number()),
	routeId: z.nullable(id)
});
const planShift = z.object({ days: z.array(z.number()), start: z.string(), end: z.string() });

/** A plan as saved (app.patrol_plan_json): what the page edits and a version snapshot holds. */
export const patrolPlanAnswer = z.object({
	id,
	zoneId: id,
	name: z.string(),
	unitId: z.nullable(id),
	teamId: z.nullable(id),
	validFrom: z.string(),
	validTo: z.nullable(z.string()),
	notes: z.nullable(z.string()),
	active: z.boolean(),
	version: z.number(),
	updatedAt: z.string(),
	updatedBy: z.nullable(id),
	items: z.array(planItem),
	shifts: z.array(planShift)
});
type PlanItem = Omit<z.infer<typeof planItem>, 'geometry'> & {
	geometry: PatrolItemInput['geometry'];
};
export type PatrolPlan = Omit<z.infer<typeof patrolPlanAnswer>, 'items'> & { items: PlanItem[] };

/** A version's snapshot: the plan as it was saved then. */
export const patrolPlanVersionAnswer = z.object({
	version: z.number(),
	plan: z.object({
		name: z.string(),
		items: z.array(planItem),
		shifts: z.array(planShift)
	})
});

/** POST/PUT/restore: the plan's id and its new version. */
export const patrolPlanSaved = z.object({
	id,
	version: z.number(),
	restoredFrom: z.optional(z.number())
});

export const patrolPlanSummary = z.object({
	id,
	name: z.string(),
	version: z.number(),
	validFrom: z.string(),
	validTo: z.nullable(z.string()),
	active: z.boolean(),
	unitId: z.nullable(id),
	teamId: z.nullable(id),
	routes: z.number(),
	areas: z.number(),
	stops: z.number(),
	shifts: z.number(),
	updatedAt: z.string()
});
export const patrolPlanList = z.object({ plans: z.array(patrolPlanSummary) });

export const patrolPlanHistory = z.object({
	versions: z.array(
		z.object({
			version: z.number(),
			savedAt: z.string(),
			savedBy: z.nullable(id),
			savedByName: z.nullable(z.string()),
			restoredFrom: z.nullable(z.number())
		})
	)
});

const hourCell = z.object({
	/** ISO day, 1 = Monday. */
	day: z.number(),
	/** Hour of the day, Vietnam time. */
	hour: z.number(),
	incidents: z.number(),
	incidentsInside: z.number(),
	/** Minutes of that hour a shift of the plan runs (0–60). */
	plannedMinutes: z.number()
});
export type HourOfWeekCell = z.infer<typeof hourCell>;
/** The 7 × 24 matrix, Monday 00:00 first. */
export const patrolHourOfWeek = z.object({ cells: z.array(hourCell) });

const hotspot = z.object({
	rank: z.number(),
	incidents: z.number(),
	uncovered: z.number(),
	cell: z.object({
		type: z.literal('Polygon'),
		coordinates: z.array(z.array(z.array(z.number())))
	}),
	/** "Add a stop here": [lon, lat] on one of the cell's uncovered incidents. */
	stop: z.tuple([z.number(), z.number()]),
	peak: z.object({ day: z.number(), hour: z.number() })
});
export type UncoveredHotspot = z.infer<typeof hotspot>;
export const patrolHotspots = z.object({ hotspots: z.array(hotspot) });

const stopDosage = z.object({
	itemId: id,
	name: z.nullable(z.string()),
	shiftIndex: z.number(),
	days: z.array(z.number()),
	start: z.string(),
	end: z.string(),
	dwellMin: z.number(),
	visits: z.number(),
	plannedMinutes: z.number(),
	/** Minutes per visit against Koper's 10–15: short, koper, long. */
	perVisit: z.enum(['short', 'koper', 'long']),
	/** Minutes between the starts of consecutive visits (evenly spaced over the shift). */
	gapMin: z.number(),
	/** The stop's peak hours of the day that the shift runs through. */
	peakHours: z.array(z.number()),
	/** Visits more than 2 hours apart while the shift runs through a peak hour. */
	gapFlag: z.boolean(),
	incidentsNear: z.number()
});
export type StopDosage = z.infer<typeof stopDosage>;
export const patrolDosage = z.object({ stops: z.array(stopDosage) });

export const patrolProposal = z.object({
	stops: z.array(
		z.object({
			rank: z.number(),
			lon: z.number(),
			lat: z.number(),
			/** Uncovered incidents this stop adds (its marginal gain when chosen). */
			covers: z.number(),
			cumulative: z.number(),
			/** Uncovered incidents within its radius, shared ones included. */
			candidateCovers: z.number()
		})
	),
	uncovered: z.number(),
	covered: z.number(),
	/** No choice of k candidate stops covers more than this. */
	optimumAtMost: z.number(),
	candidates: z.number(),
	radiusM: z.number(),
	mode: z.enum(['place', 'time']),
	approximation: z.string(),
	/** With `seed`: the stops' visits in a randomised order and start offsets, per shift. */
	visits: z.optional(
		z.array(
			z.object({
				/** The plan's shift (0-based) and the proposed stop (`rank`). */
				shift: z.number(),
				stop: z.string(),
				visit: z.number(),
				offsetMin: z.number(),
				dwellMin: z.number(),
				start: z.string()
			})
		)
	)
});
export type StopProposal = z.infer<typeof patrolProposal>;

/** POST /api/patrol-plans/import: the file's items (nothing is saved). */
export const patrolImportAnswer = z.object({
	format: z.enum(['geojson', 'gpx', 'kml']),
	items: z.array(
		z.object({
			kind: z.enum(PATROL_ITEM_KIND_VALUES),
			name: z.nullable(z.string()),
			geometry: anyGeometry,
			bufferM: z.optional(z.number()),
			dwellMin: z.optional(z.number())
		})
	)
});

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
	accepted: z.number(),
	duplicates: z.number(),
	rejected: z.array(z.object({ index: z.number(), reason: z.enum(POSITION_REJECTIONS) }))
});
export type PositionBatchResult = z.infer<typeof positionBatchAnswer>;

/** GET /api/patrol-positions/live: units heard from in the last hour, with their track. */
export const patrolLiveAnswer = z.object({
	type: z.literal('FeatureCollection'),
	at: z.string(),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			id: z.string(),
			geometry: z.object({
				type: z.literal('Point'),
				coordinates: z.tuple([z.number(), z.number()])
			}),
			properties: z.object({
				unit: z.string(),
				name: z.string(),
				teamId: z.nullable(z.string()),
				ts: z.string(),
				accuracyM: z.nullable(z.number()),
				/** Silent for more than 5 minutes. */
				stale: z.boolean(),
				/** The last hour: [lon, lat, epoch seconds], oldest first. */
				track: z.array(z.tuple([z.number(), z.number(), z.number()]))
			})
		})
	)
});
export type LiveUnits = z.infer<typeof patrolLiveAnswer>;
