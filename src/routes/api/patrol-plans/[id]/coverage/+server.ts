import { patrolPlanCoverage } from '$lib/domain/contracts/patrols';
import { planCoverage } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';

/** The plan's coverage (or one item's, `item`) and the incidents inside it for `from`–`to`. */
export const GET = planAnalysis(patrolPlanCoverage, (q, id, v) =>
	planCoverage(q, id, v.from, v.to, v.item ?? null)
);
