import { patrolProposal } from '$lib/domain/contracts/patrols';
import { proposalWithVisits } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';

/** k stops covering the most uncovered incidents (greedy, ≥ 63.2 % of the best k candidates). */
export const GET = planAnalysis(patrolProposal, (q, id, v) => proposalWithVisits(q, id, v));
