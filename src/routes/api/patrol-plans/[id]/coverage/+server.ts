import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { planCoverage } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';
import type { RequestHandler } from './$types';

/** The plan's coverage (or one item's, `item`) and the incidents inside it for `from`–`to`. */
export const GET: RequestHandler = planAnalysis(
	E['GET /api/patrol-plans/{id}/coverage'].query,
	(q, id, v) => planCoverage(q, id, v.from, v.to, v.item ?? null)
);
