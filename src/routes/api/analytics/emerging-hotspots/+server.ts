import { analyticsEmergingHotspots } from '$lib/domain/contracts/analytics';
import { endpoint } from '$lib/server/endpoint';
import { inZone } from '$lib/server/analytics/handler';
import { incidentEmergingHotspots } from '$lib/server/analytics/hotspots.service';

/**
 * Emerging hot spots (analyticsEmergingHotspots); default: the 12 whole months before this one.
 */
export const GET = endpoint(
	analyticsEmergingHotspots,
	inZone((q, zoneId, v) =>
		incidentEmergingHotspots(q, {
			zoneId,
			until: v.until ?? new Date(),
			months: v.months,
			categories: v.category,
			cellM: v.cellM,
			bandM: v.bandM
		})
	)
);
