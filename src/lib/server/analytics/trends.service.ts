/**
 * The board's trends (issue 12): period KPIs, time series and the hour-of-week grid. Each is one
 * security-definer SQL function (supabase/migrations/20261130000730_trends.sql) that checks the
 * caller's role and zone (app.require_zone: 42501 otherwise) and applies the disclosure rule;
 * the answer comes back as the JSON the SQL built, the same on every engine.
 */
import type { HourOfWeek, Kpis, Series, UnitMode } from '$lib/domain/analytics';
import type { PeriodKind } from '$lib/domain/stats/period';
import type { Queryable } from '../db/port';
import { jsonAnswer } from './json-answer';

interface Window {
	zoneId: string;
	from: Date;
	to: Date;
	/** Category codes; all when omitted. */
	categories?: readonly string[];
}

/**
 * Counts of a period — total, by category group, by category, by unit — against the previous
 * period and the same period last year (app.incident_kpis).
 */
export function incidentKpis(
	q: Queryable,
	f: Window & { kind: PeriodKind; units?: UnitMode }
): Promise<Kpis> {
	return jsonAnswer(q, 'app.incident_kpis($1, $2, $3, $4, $5, $6)', [
		f.zoneId,
		f.kind,
		f.from,
		f.to,
		f.units ?? 'at_time',
		f.categories ?? null
	]);
}

/** Weekly or monthly counts by total, group, category or unit (app.incident_series). */
export function incidentSeries(
	q: Queryable,
	f: Window & {
		bucket: Series['bucket'];
		by: Series['by'];
		units?: UnitMode;
	}
): Promise<Series> {
	return jsonAnswer(q, 'app.incident_series($1, $2, $3, $4, $5, $6, $7)', [
		f.zoneId,
		f.from,
		f.to,
		f.bucket,
		f.by,
		f.units ?? 'at_time',
		f.categories ?? null
	]);
}

/** Counts by Vietnam weekday × hour (app.incident_hour_of_week). */
export function incidentHourOfWeek(q: Queryable, f: Window): Promise<HourOfWeek> {
	return jsonAnswer(q, 'app.incident_hour_of_week($1, $2, $3, $4)', [
		f.zoneId,
		f.from,
		f.to,
		f.categories ?? null
	]);
}
