import type { Queryable } from '../db/port';
import {
	anySuppressed,
	publishedWindow,
	sumBy,
	totalOf,
	type PublishedCount,
	type PublishedWindow
} from './published';

export interface IncidentStats extends PublishedWindow {
	total: PublishedCount;
	byCategory: Record<string, PublishedCount>;
	byUnit: Record<string, PublishedCount>;
	suppressed: boolean;
}

/**
 * Incident counts by category and by administrative unit ("unknown": none) from
 * app.incident_counts, which checks the caller's scope and applies the disclosure rule.
 */
export async function incidentStats(
	q: Queryable,
	zoneId: string,
	from: Date,
	to: Date
): Promise<IncidentStats> {
	const w = await publishedWindow(q, from, to);
	const rows = await q.query<{ category: string; unit: string | null; n: PublishedCount }>(
		`select category, admin_unit_code as unit, n from app.incident_counts($1, $2, $3)`,
		[zoneId, from, to]
	);
	const byCategory = sumBy(rows, (r) => r.category, w.disclosure);
	const byUnit = sumBy(rows, (r) => r.unit ?? 'unknown', w.disclosure);
	const total = totalOf(rows, w.disclosure);
	return {
		...w,
		total,
		byCategory,
		byUnit,
		suppressed: anySuppressed(total, byCategory, byUnit)
	};
}
