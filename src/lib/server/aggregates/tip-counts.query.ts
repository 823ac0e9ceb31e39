import { TIP_STATUSES, type TipStatus } from '$lib/domain/tip-status';
import type { Queryable } from '../db/port';
import {
	anySuppressed,
	publishedWindow,
	sumBy,
	totalOf,
	type PublishedCount,
	type PublishedWindow
} from './published';

export interface TipCounts extends PublishedWindow {
	total: PublishedCount;
	byStatus: Record<TipStatus, PublishedCount>;
	suppressed: boolean;
}

/**
 * Tip counts by status (app.tip_counts checks role and zone and applies the disclosure rule): the
 * board's only view of tips. Every status is listed.
 */
export async function tipCounts(
	q: Queryable,
	zoneId: string,
	from: Date,
	to: Date
): Promise<TipCounts> {
	const w = await publishedWindow(q, from, to);
	const rows = await q.query<{ status: TipStatus; n: PublishedCount }>(
		'select status, n from app.tip_counts($1, $2, $3)',
		[zoneId, from, to]
	);
	const counted = sumBy(rows, (r) => r.status, w.disclosure);
	const byStatus = Object.fromEntries(
		TIP_STATUSES.map((s) => [s, s in counted ? counted[s]! : w.disclosure === 'exact' ? 0 : null])
	) as Record<TipStatus, PublishedCount>;
	const total = totalOf(rows, w.disclosure);
	return { ...w, total, byStatus, suppressed: anySuppressed(total, byStatus) };
}
