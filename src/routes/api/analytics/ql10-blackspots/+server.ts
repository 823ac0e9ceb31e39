import { analyticsQl10BlackSpots } from '$lib/domain/contracts/analytics';
import { endpoint } from '$lib/server/endpoint';
import { inZone } from '$lib/server/analytics/handler';
import { ql10BlackSpots } from '$lib/server/analytics/ql10.service';

/**
 * QL10 black-spot screening (analyticsQl10BlackSpots); default: the 12 months before now.
 */
export const GET = endpoint(
	analyticsQl10BlackSpots,
	inZone((q, zoneId, v) =>
		ql10BlackSpots(q, {
			zoneId,
			to: v.to ?? new Date(),
			from: v.from,
			windowM: v.windowM,
			stepM: v.stepM
		})
	)
);
