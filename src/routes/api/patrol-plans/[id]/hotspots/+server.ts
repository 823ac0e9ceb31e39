import { patrolUncoveredHotspots } from '$lib/domain/contracts/patrols';
import { uncoveredHotspots } from '$lib/server/patrols/coverage.query';
import { planAnalysis } from '$lib/server/patrols/patrol-http';

/** Hexagons ranked by incidents the plan leaves uncovered, each with a stop to add. */
export const GET = planAnalysis(patrolUncoveredHotspots, async (q, id, v) => ({
	hotspots: await uncoveredHotspots(q, id, v.from, v.to, {
		mode: v.mode,
		sizeM: v.sizeM,
		limit: v.limit
	})
}));
