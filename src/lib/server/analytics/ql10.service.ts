/**
 * QL10 traffic safety (issue 12; supabase/migrations/20261130000740_ql10_safety.sql): the three
 * criteria by month and year against the year before, and the black-spot screening table of
 * sliding windows. Accidents are published data: exact for every role. The SQL runs as the
 * caller, so row-level security decides which accidents count (a liaison officer's own units);
 * a zone outside the caller's scope is refused (42501).
 */
import type { Ql10BlackSpots, Ql10Criteria } from '$lib/domain/analytics';
import type { Queryable } from '../db/port';
import { jsonAnswer } from './json-answer';

export function ql10Criteria(
	q: Queryable,
	f: { zoneId: string; from: Date; to: Date }
): Promise<Ql10Criteria> {
	return jsonAnswer(q, 'app.accident_criteria($1, $2, $3)', [f.zoneId, f.from, f.to]);
}

/**
 * Windows of `windowM` metres every `stepM` metres over [from, to) (from: 12 months before `to`),
 * ranked by severity-weighted score, each flagged when it meets the black-spot rule.
 */
export function ql10BlackSpots(
	q: Queryable,
	f: { zoneId: string; to: Date; from?: Date; windowM?: number; stepM?: number }
): Promise<Ql10BlackSpots> {
	return jsonAnswer(q, 'app.accident_screening($1, $2, $3, $4, $5)', [
		f.zoneId,
		f.to,
		f.windowM ?? 500,
		f.stepM ?? 100,
		f.from ?? null
	]);
}
