import { analyticsKpis } from '$lib/domain/contracts/analytics';
import { endpoint } from '$lib/server/endpoint';
import { inZone, windowOr } from '$lib/server/analytics/handler';
import { incidentKpis } from '$lib/server/analytics/trends.service';

/** Period KPIs (analyticsKpis). */
export const GET = endpoint(
	analyticsKpis,
	inZone((q, zoneId, v) =>
		incidentKpis(q, {
			zoneId,
			kind: v.kind ?? 'month',
			...windowOr(v, 30),
			units: v.units,
			categories: v.category
		})
	)
);
