import { parseQuery } from '$lib/domain/params';
import { tipCountsQuery } from '$lib/domain/tips';
import { tipCounts } from '$lib/server/aggregates/tip-counts.query';
import { badParse, badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller, zoneOr404 } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import type { RequestHandler } from './$types';

const DEFAULT_DAYS = 30;

/**
 * Tip counts by status for the roles that receive aggregates: the steering board's only view of
 * tips, and the planner's (README). Default: the last 30 days. app.tip_counts applies the
 * disclosure rule (whole days, no count below 3) for aggregate-only roles.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const lang = locals.lang;
	const parsed = parseQuery(tipCountsQuery, url.searchParams, lang);
	if (!parsed.ok) return badParse(parsed);
	const to = parsed.value.to ?? new Date();
	const from = parsed.value.from ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
	if (from >= to) return badRequest(lang, 'to', 'afterFrom');
	try {
		return tipJson(
			await asCaller(locals, async (q) => {
				const zone = await zoneOr404(q, parsed.value.zone, lang);
				const counts = await tipCounts(q, zone.id, from, to);
				return { zone: zone.code, from: from.toISOString(), to: to.toISOString(), ...counts };
			})
		);
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
