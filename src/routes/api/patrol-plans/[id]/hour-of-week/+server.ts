import { patrolHourOfWeek } from '$lib/domain/contracts/patrols';
import { hourOfWeek } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';

/** The 7 × 24 matrix of incidents (and those inside) against planned minutes of presence. */
export const GET = planAnalysis(patrolHourOfWeek, async (q, id, v) => ({
	cells: await hourOfWeek(q, id, v.from, v.to)
}));
