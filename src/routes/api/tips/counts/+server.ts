import { msg } from '$lib/domain/api-text';
import { tipCounts } from '$lib/domain/contracts/tips';
import { tipCounts as countsOf } from '$lib/server/aggregates/tip-counts.query';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { asCaller, zoneOr404 } from '$lib/server/read';

const DEFAULT_DAYS = 30;

/**
 * Tip counts by status for the roles that receive aggregates: the steering board's only view of
 * tips, and the planner's (README). Default: the last 30 days. app.tip_counts applies the
 * disclosure rule (whole days, no count below 3) for aggregate-only roles.
 */
export const GET = endpoint(tipCounts, ({ query, locals }) => {
	const to = query.to ?? new Date();
	const from = query.from ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
	if (from >= to) refuse(400, 'to', msg('afterFrom'));
	return asCaller(locals, async (q) => {
		const zone = await zoneOr404(q, query.zone);
		const counts = await countsOf(q, zone.id, from, to);
		return { zone: zone.code, from: from.toISOString(), to: to.toISOString(), ...counts };
	});
});
