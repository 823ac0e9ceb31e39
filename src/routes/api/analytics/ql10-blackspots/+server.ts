import { analyticsGet } from '$lib/server/analytics/handler';
import { ql10BlackSpots } from '$lib/server/analytics/ql10.service';

/**
 * QL10 black-spot screening (ANALYTICS_ENDPOINTS.ql10BlackSpots: ql10BlackSpotsQuery →
 * ql10BlackSpotsSchema); default: the 12 months before now.
 */
export const GET = analyticsGet('ql10BlackSpots', (q, zoneId, v) =>
	ql10BlackSpots(q, {
		zoneId,
		to: v.to ?? new Date(),
		from: v.from,
		windowM: v.windowM,
		stepM: v.stepM
	})
);
