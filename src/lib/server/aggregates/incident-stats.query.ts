import type { Queryable } from '../db/port';
import type { PublishedCount, PublishedWindow } from './published';

export interface IncidentStats extends PublishedWindow {
	total: PublishedCount;
	byCategory: Record<string, PublishedCount>;
	/** By administrative unit code; "unknown": no unit. */
	byUnit: Record<string, PublishedCount>;
	suppressed: boolean;
}

/**
 * Incident counts by category and by administrative unit, built by app.incident_stats, which
 * checks the caller's scope and applies the disclosure rule.
 */
export async function incidentStats(
	q: Queryable,
	zoneId: string,
	from: Date,
	to: Date
): Promise<IncidentStats> {
	const [row] = await q.query<{ s: IncidentStats }>('select app.incident_stats($1, $2, $3) as s', [
		zoneId,
		from,
		to
	]);
	return row!.s;
}
