import { parseTipId } from '$lib/domain/tips';
import { badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import { getTip } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

/** One tip with its contact (commanders and dispatchers only, by policy). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const lang = locals.lang;
	const id = parseTipId(params.id);
	if (id === undefined) return badRequest(lang, 'id', 'positiveId');
	try {
		return tipJson(await asCaller(locals, (q) => getTip(q, lang, id)));
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
