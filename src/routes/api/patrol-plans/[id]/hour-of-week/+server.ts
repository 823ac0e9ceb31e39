import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { hourOfWeek } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';
import type { RequestHandler } from './$types';

/** The 7 × 24 matrix of incidents (and those inside) against planned minutes of presence. */
export const GET: RequestHandler = planAnalysis(
	E['GET /api/patrol-plans/{id}/hour-of-week'].query,
	async (q, id, v) => ({ cells: await hourOfWeek(q, id, v.from, v.to) })
);
