import { trendsPageQuery } from '$lib/domain/analytics';
import { loadTrends } from '$lib/server/analytics/board';
import { asBoardCaller, lastMonthDay, parsePageQuery } from '$lib/server/analytics/board-page';
import type { PageServerLoad } from './$types';

/** The trends page ("Xu hướng"): default the last whole month, units as they were at the time. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const p = parsePageQuery(trendsPageQuery, url, locals);
	const day = p.day ?? lastMonthDay();
	return asBoardCaller(locals, p.zone, async (q, zone) => ({
		zone: zone.code,
		kind: p.kind,
		day,
		units: p.units,
		trends: await loadTrends(q, zone.id, { kind: p.kind, day, units: p.units })
	}));
};
