import { analyticsSeries } from '$lib/domain/contracts/analytics';
import { endpoint } from '$lib/server/endpoint';
import { inZone, windowOr } from '$lib/server/analytics/handler';
import { incidentSeries } from '$lib/server/analytics/trends.service';

/** Time series (analyticsSeries). */
export const GET = endpoint(
	analyticsSeries,
	inZone((q, zoneId, v) =>
		incidentSeries(q, {
			zoneId,
			...windowOr(v, 365),
			bucket: v.bucket ?? 'month',
			by: v.by ?? 'total',
			units: v.units,
			categories: v.category
		})
	)
);
