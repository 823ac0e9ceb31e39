import { reportPageQuery } from '$lib/domain/analytics';
import { loadMonthlyReport } from '$lib/server/analytics/board';
import { asBoardCaller, lastMonthDay, parsePageQuery } from '$lib/server/analytics/board-page';
import type { PageServerLoad } from './$types';

/** The monthly report: default the last whole month. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const p = parsePageQuery(reportPageQuery, url, locals);
	const month = p.month ?? lastMonthDay().slice(0, 7);
	return asBoardCaller(locals, p.zone, async (q, zone) => ({
		zone: zone.code,
		report: await loadMonthlyReport(q, zone.id, month),
		producedAt: new Date()
	}));
};
