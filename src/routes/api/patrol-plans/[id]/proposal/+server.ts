import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { proposalWithVisits } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';
import type { RequestHandler } from './$types';

/** k stops covering the most uncovered incidents (greedy, ≥ 63.2 % of the best k candidates). */
export const GET: RequestHandler = planAnalysis(
	E['GET /api/patrol-plans/{id}/proposal'].query,
	(q, id, v) => proposalWithVisits(q, id, v)
);
