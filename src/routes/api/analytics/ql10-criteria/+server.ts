import { analyticsGet, windowOr } from '$lib/server/analytics/handler';
import { ql10Criteria } from '$lib/server/analytics/ql10.service';

/** QL10's three criteria (ANALYTICS_ENDPOINTS.ql10Criteria: ql10CriteriaQuery → ql10CriteriaSchema). */
export const GET = analyticsGet('ql10Criteria', (q, zoneId, v) =>
	ql10Criteria(q, { zoneId, ...windowOr(v, 365) })
);
