import { analyticsHourOfWeek } from '$lib/domain/contracts/analytics';
import { endpoint } from '$lib/server/endpoint';
import { inZone, windowOr } from '$lib/server/analytics/handler';
import { incidentHourOfWeek } from '$lib/server/analytics/trends.service';

/** Hour-of-week grid (analyticsHourOfWeek). */
export const GET = endpoint(
	analyticsHourOfWeek,
	inZone((q, zoneId, v) =>
		incidentHourOfWeek(q, { zoneId, ...windowOr(v, 30), categories: v.category })
	)
);
