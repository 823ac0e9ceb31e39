import { patrolDosage } from '$lib/domain/contracts/patrols';
import { dosage } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';

/** Planned minutes at each stop per shift against Koper's 10–15, long gaps at peak hours flagged. */
export const GET = planAnalysis(patrolDosage, async (q, id, v) => ({
	stops: await dosage(q, id, v.from, v.to)
}));
