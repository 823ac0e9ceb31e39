import { analyticsHotspots } from '$lib/domain/contracts/analytics';
import { endpoint } from '$lib/server/endpoint';
import { inZone, windowOr } from '$lib/server/analytics/handler';
import { incidentHotspots } from '$lib/server/analytics/hotspots.service';

/** Gi* hot spots (analyticsHotspots); default: 30 days. */
export const GET = endpoint(
	analyticsHotspots,
	inZone((q, zoneId, v) =>
		incidentHotspots(q, {
			zoneId,
			...windowOr(v, 30),
			categories: v.category,
			cellM: v.cellM,
			bandM: v.bandM
		})
	)
);
