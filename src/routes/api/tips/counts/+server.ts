import { parseQuery } from '$lib/domain/params';
import { tipCountsQuery } from '$lib/domain/tips';
import { badParse, badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import { tipCounts } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

const DEFAULT_DAYS = 30;

/** Tip counts by status for the roles that receive aggregates (the board, the planner…). Default: the last 30 days. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const lang = locals.lang;
	const parsed = parseQuery(tipCountsQuery(lang), url.searchParams, lang);
	if (!parsed.ok) return badParse(parsed);
	const to = parsed.value.to ?? new Date();
	const from = parsed.value.from ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
	if (from >= to) return badRequest(lang, 'to', 'afterFrom');
	try {
		return tipJson(
			await asCaller(locals, (q) => tipCounts(q, lang, { zone: parsed.value.zone, from, to }))
		);
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
