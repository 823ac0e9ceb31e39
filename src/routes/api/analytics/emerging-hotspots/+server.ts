import { analyticsGet } from '$lib/server/analytics/handler';
import { incidentEmergingHotspots } from '$lib/server/analytics/hotspots.service';

/**
 * Emerging hot spots (ANALYTICS_ENDPOINTS.emergingHotspots: emergingHotspotsQuery →
 * emergingHotspotsSchema); default: the 12 whole months before this one.
 */
export const GET = analyticsGet('emergingHotspots', (q, zoneId, v) =>
	incidentEmergingHotspots(q, {
		zoneId,
		until: v.until ?? new Date(),
		months: v.months,
		categories: v.category,
		cellM: v.cellM,
		bandM: v.bandM
	})
);
