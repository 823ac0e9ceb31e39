import { analyticsQl10Criteria } from '$lib/domain/contracts/analytics';
import { endpoint } from '$lib/server/endpoint';
import { inZone, windowOr } from '$lib/server/analytics/handler';
import { ql10Criteria } from '$lib/server/analytics/ql10.service';

/** QL10's three criteria (analyticsQl10Criteria). */
export const GET = endpoint(
	analyticsQl10Criteria,
	inZone((q, zoneId, v) => ql10Criteria(q, { zoneId, ...windowOr(v, 365) }))
);
