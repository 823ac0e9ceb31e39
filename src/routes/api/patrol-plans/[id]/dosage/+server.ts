import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { dosage } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';
import type { RequestHandler } from './$types';

/** Planned minutes at each stop per shift against Koper's 10–15, long gaps at peak hours flagged. */
export const GET: RequestHandler = planAnalysis(
	E['GET /api/patrol-plans/{id}/dosage'].query,
	async (q, id, v) => ({ stops: await dosage(q, id, v.from, v.to) })
);
