import { analyticsGet, windowOr } from '$lib/server/analytics/handler';
import { incidentKpis } from '$lib/server/analytics/trends.service';

/** Period KPIs (ANALYTICS_ENDPOINTS.kpis: kpisQuery → kpisSchema). */
export const GET = analyticsGet('kpis', (q, zoneId, v) =>
	incidentKpis(q, {
		zoneId,
		kind: v.kind ?? 'month',
		...windowOr(v, 30),
		units: v.units,
		categories: v.category
	})
);
