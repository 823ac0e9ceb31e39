import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { uncoveredHotspots } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';
import type { RequestHandler } from './$types';

/** Hexagons ranked by incidents the plan leaves uncovered, each with a stop to add. */
export const GET: RequestHandler = planAnalysis(
	E['GET /api/patrol-plans/{id}/hotspots'].query,
	async (q, id, v) => ({
		hotspots: await uncoveredHotspots(q, id, v.from, v.to, {
			mode: v.mode,
			sizeM: v.sizeM,
			limit: v.limit
		})
	})
);
