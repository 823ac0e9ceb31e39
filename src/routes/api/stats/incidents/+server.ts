import { msg } from '$lib/domain/api-text';
import { incidentStats } from '$lib/domain/contracts/incidents';
import { incidentStats as countsOf } from '$lib/server/aggregates/incident-stats.query';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { asCaller, zoneOr404 } from '$lib/server/read';

const DAY_MS = 86_400_000;

/**
 * Counts of incidents by category and administrative unit: what the steering board sees instead
 * of incident rows (computed by app.incident_counts, which checks the caller's scope and applies
 * the disclosure rule: whole days and no count below 3 for aggregate-only roles).
 */
export const GET = endpoint(incidentStats, async ({ query, locals }) => {
	const to = query.to ?? new Date();
	const from = query.from ?? new Date(to.getTime() - 30 * DAY_MS);
	if (from >= to) refuse(400, 'to', msg('afterFrom'));
	const counts = await asCaller(locals, async (q) =>
		countsOf(q, (await zoneOr404(q, query.zone)).id, from, to)
	);
	return { from: from.toISOString(), to: to.toISOString(), ...counts };
});
