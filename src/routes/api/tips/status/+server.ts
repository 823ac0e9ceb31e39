import { parseQuery } from '$lib/domain/params';
import { apiText } from '$lib/domain/api-text';
import { tipStatusQuery } from '$lib/domain/tips';
import { badParse, errorResponse, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import { publicTipStatus } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

/** What a tipster may learn with their follow-up code: the status, nothing else. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const lang = locals.lang;
	const parsed = parseQuery(tipStatusQuery, url.searchParams, lang);
	if (!parsed.ok) return badParse(parsed);
	try {
		// As anon, whoever asks: the code is the only credential here.
		const status = await asCaller({}, (q) =>
			publicTipStatus(q, lang, parsed.value.code, locals.ip)
		);
		return status
			? tipJson({ status })
			: errorResponse(404, apiText(lang, 'tip.codeNotFound'), 'code');
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
