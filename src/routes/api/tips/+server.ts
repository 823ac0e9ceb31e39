import { parseQuery } from '$lib/domain/params';
import { OPEN_TIP_STATUSES, tipQueueQuery, tipSubmitSchema } from '$lib/domain/tips';
import { readJson } from '$lib/server/body';
import { badParse, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import { listTips, submitTip } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

/**
 * A tip from the public: no sign-in, anonymous. It always runs as `anon` and without the
 * caller's address or user agent, so neither a session nor the audit trail (which records
 * `request.ip`) can tie the tip to who sent it; the address reaches only the rate limit, hashed.
 */
export const POST: RequestHandler = async (event) => {
	const lang = event.locals.lang;
	const body = await readJson(event, tipSubmitSchema, 16 * 1024, lang);
	if (!body.ok) return body.response;
	try {
		const { followUpCode } = await asCaller({}, (q) =>
			submitTip(q, lang, body.value, event.locals.ip)
		);
		return tipJson({ followUpCode, status: 'received' }, 201);
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};

/** The triage queue, newest first (commanders read; admins and dispatchers act). */
export const GET: RequestHandler = async ({ url, locals }) => {
	const lang = locals.lang;
	const parsed = parseQuery(tipQueueQuery, url.searchParams, lang);
	if (!parsed.ok) return badParse(parsed);
	const { zone, status = [...OPEN_TIP_STATUSES], limit = 100 } = parsed.value;
	try {
		const out = await asCaller(locals, (q) => listTips(q, lang, { zone, statuses: status, limit }));
		return tipJson(out);
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
