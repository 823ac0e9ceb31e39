import type {
	HourOfWeekCell,
	PatrolCoverage,
	StopDosage,
	StopProposal,
	UncoveredHotspot
} from '$lib/domain/patrol-answers';
import { PATROL_LIMITS } from '$lib/domain/patrol-plans';
import { randomisedVisits } from '$lib/domain/patrol-visits';
import type { Queryable } from '../db/port';
import { getPlan } from './plans.service';

/**
 * The coverage analyses of a plan (supabase/migrations/20261130000600_patrol_coverage.sql), run as
 * the caller: the incidents counted are those the caller may read (row-level security), the board
 * gets the coverage summary under the disclosure rule and is refused the rest (42501 → 403).
 */

/** The coverage of a plan, or of one route or area of it, for a period. */
export async function planCoverage(
	q: Queryable,
	planId: string,
	from: Date,
	to: Date,
	itemId: string | null = null
): Promise<PatrolCoverage> {
	const [row] = await q.query<{ c: PatrolCoverage }>(
		`select app.patrol_coverage($1, $2, $3, $4) as c`,
		[planId, from, to, itemId]
	);
	return row!.c;
}

/** The 7 × 24 matrix of incidents against planned presence, Monday 00:00 first. */
export function hourOfWeek(
	q: Queryable,
	planId: string,
	from: Date,
	to: Date
): Promise<HourOfWeekCell[]> {
	return q.query<HourOfWeekCell & Record<string, unknown>>(
		`select dow as day, hour, incidents, incidents_inside as "incidentsInside",
			planned_minutes as "plannedMinutes"
		from app.patrol_hour_of_week($1, $2, $3)`,
		[planId, from, to]
	);
}

/** Cells with the most incidents the plan leaves uncovered ('place', or 'time': at their hour). */
export async function uncoveredHotspots(
	q: Queryable,
	planId: string,
	from: Date,
	to: Date,
	opts: { sizeM?: number; mode?: 'place' | 'time'; limit?: number } = {}
): Promise<UncoveredHotspot[]> {
	const rows = await q.query<{
		rank: number;
		incidents: number;
		uncovered: number;
		cell: UncoveredHotspot['cell'];
		stop_lon: number;
		stop_lat: number;
		peak_dow: number;
		peak_hour: number;
	}>(
		`select rank, incidents, uncovered, st_asgeojson(geom, 6)::json as cell, stop_lon, stop_lat,
			peak_dow, peak_hour
		from app.patrol_uncovered_hotspots($1, $2, $3, $4, $5, $6)`,
		[planId, from, to, opts.sizeM ?? 250, opts.mode ?? 'place', opts.limit ?? 10]
	);
	return rows.map((r) => ({
		rank: r.rank,
		incidents: r.incidents,
		uncovered: r.uncovered,
		cell: r.cell,
		stop: [r.stop_lon, r.stop_lat],
		peak: { day: r.peak_dow, hour: r.peak_hour }
	}));
}

/** Planned dosage at each stop for each shift. */
export function dosage(q: Queryable, planId: string, from: Date, to: Date): Promise<StopDosage[]> {
	return q.query<StopDosage & Record<string, unknown>>(
		`select item_id as "itemId", name, shift_index as "shiftIndex", days, start_time as start,
			end_time as "end", dwell_min as "dwellMin", visits, planned_minutes as "plannedMinutes",
			per_visit as "perVisit", gap_min as "gapMin", peak_hours as "peakHours", gap_flag as "gapFlag",
			incidents_near as "incidentsNear"
		from app.patrol_dosage($1, $2, $3)`,
		[planId, from, to]
	);
}

/** k stops that cover the most uncovered incidents of the period (greedy maximum coverage). */
export async function proposeStops(
	q: Queryable,
	planId: string,
	from: Date,
	to: Date,
	k: number,
	opts: { radiusM?: number; mode?: 'place' | 'time' } = {}
): Promise<StopProposal> {
	const [row] = await q.query<{ p: StopProposal }>(
		`select app.patrol_propose_stops($1, $2, $3, $4, $5, $6) as p`,
		[planId, from, to, k, opts.radiusM ?? 150, opts.mode ?? 'place']
	);
	return row!.p;
}

export interface ActualCoverage {
	unit: string;
	positions: number;
	shiftOccurrences: number;
	plannedAreaM2: number;
	actualAreaM2: number;
	overlapM2: number;
	plannedCoveredPct: number | null;
	actualGeometry: unknown;
	stops: {
		itemId: string;
		name: string | null;
		plannedMinutes: number;
		actualMinutes: number;
		plannedVisits: number;
		actualVisits: number;
	}[];
	window: { from: string; to: string };
}

/** After a shift: a unit's real track against the plan (reads positions: audited). */
export async function actualCoverage(
	q: Queryable,
	planId: string,
	from: Date,
	to: Date,
	opts: { unit?: string; radiusM?: number } = {}
): Promise<ActualCoverage> {
	const [row] = await q.query<{ a: ActualCoverage }>(
		`select app.patrol_actual($1, $2, $3, $4, $5) as a`,
		[planId, from, to, opts.unit ?? null, opts.radiusM ?? 150]
	);
	return row!.a;
}

/**
 * The proposal, and with `seed` each of the plan's shifts visiting the proposed stops (15
 * minutes, once) in a randomised order with randomised start offsets, reproducibly.
 */
export async function proposalWithVisits(
	q: Queryable,
	planId: string,
	v: { from: Date; to: Date; k: number; radiusM?: number; mode?: 'place' | 'time'; seed?: number }
): Promise<StopProposal> {
	const proposal = await proposeStops(q, planId, v.from, v.to, v.k, {
		radiusM: v.radiusM,
		mode: v.mode
	});
	if (v.seed === undefined || proposal.stops.length === 0) return proposal;
	const plan = await getPlan(q, planId);
	const stops = proposal.stops.map((s) => ({
		id: String(s.rank),
		dwellMin: PATROL_LIMITS.defaultDwellMin,
		visits: 1
	}));
	const visits = (plan?.shifts ?? []).flatMap((shift, i) =>
		randomisedVisits(stops, shift, v.seed! + i).map((visit) => ({ shift: i, ...visit }))
	);
	return { ...proposal, visits };
}
