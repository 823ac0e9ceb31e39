import { analyticsGet, windowOr } from '$lib/server/analytics/handler';
import { incidentSeries } from '$lib/server/analytics/trends.service';

/** Time series (ANALYTICS_ENDPOINTS.series: seriesQuery → seriesSchema). */
export const GET = analyticsGet('series', (q, zoneId, v) =>
	incidentSeries(q, {
		zoneId,
		...windowOr(v, 365),
		bucket: v.bucket ?? 'month',
		by: v.by ?? 'total',
		units: v.units,
		categories: v.category
	})
);
