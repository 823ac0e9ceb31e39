import { analyticsGet, windowOr } from '$lib/server/analytics/handler';
import { incidentHourOfWeek } from '$lib/server/analytics/trends.service';

/** Hour-of-week grid (ANALYTICS_ENDPOINTS.hourOfWeek: hourOfWeekQuery → hourOfWeekSchema). */
export const GET = analyticsGet('hourOfWeek', (q, zoneId, v) =>
	incidentHourOfWeek(q, { zoneId, ...windowOr(v, 30), categories: v.category })
);
