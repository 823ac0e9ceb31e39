import { analyticsGet } from '$lib/server/analytics/handler';
import { incidentKpis } from '$lib/server/analytics/trends.service';

/** Period KPIs (ANALYTICS_ENDPOINTS.kpis: kpisQuery → kpisSchema). */
export const GET = analyticsGet('kpis', (q, zoneId, v) =>
	incidentKpis(q, {
		zoneId,
		kind: v.kind,
		from: v.from,
		to: v.to,
		units: v.units,
		categories: v.category
	})
);
