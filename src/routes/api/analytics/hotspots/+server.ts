import { analyticsGet, windowOr } from '$lib/server/analytics/handler';
import { incidentHotspots } from '$lib/server/analytics/hotspots.service';

/** Gi* hot spots (ANALYTICS_ENDPOINTS.hotspots: hotspotsQuery → hotspotsSchema); default: 30 days. */
export const GET = analyticsGet('hotspots', (q, zoneId, v) =>
	incidentHotspots(q, {
		zoneId,
		...windowOr(v, 30),
		categories: v.category,
		cellM: v.cellM,
		bandM: v.bandM
	})
);
