import { analyticsGet } from '$lib/server/analytics/handler';
import { incidentHourOfWeek } from '$lib/server/analytics/trends.service';

/** Hour-of-week grid (ANALYTICS_ENDPOINTS.hourOfWeek: hourOfWeekQuery → hourOfWeekSchema). */
export const GET = analyticsGet('hourOfWeek', (q, zoneId, v) =>
	incidentHourOfWeek(q, { zoneId, from: v.from, to: v.to, categories: v.category })
);
