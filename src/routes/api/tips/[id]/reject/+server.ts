import { parseTipId, tipRejectSchema } from '$lib/domain/tips';
import { readJson } from '$lib/server/body';
import { badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import { rejectTip } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

/** Rejects the tip with a reason: `{ reason }` (3–1000 characters). Final. */
export const POST: RequestHandler = async (event) => {
	const { params, locals } = event;
	const lang = locals.lang;
	const id = parseTipId(params.id);
	if (id === undefined) return badRequest(lang, 'id', 'positiveId');
	const body = await readJson(event, tipRejectSchema, 8 * 1024, lang);
	if (!body.ok) return body.response;
	try {
		const tip = await asCaller(locals, (q) =>
			rejectTip(q, lang, id, body.value.reason, locals.principal)
		);
		return tipJson({ tip });
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
