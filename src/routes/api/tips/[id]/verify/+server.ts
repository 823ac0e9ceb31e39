import { parseTipId } from '$lib/domain/tips';
import { badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import { verifyTip } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

/** received → verifying. The id is the whole input; a body, if any, is ignored. */
export const POST: RequestHandler = async ({ params, locals }) => {
	const lang = locals.lang;
	const id = parseTipId(params.id);
	if (id === undefined) return badRequest(lang, 'id', 'positiveId');
	try {
		const tip = await asCaller(locals, (q) => verifyTip(q, lang, id, locals.principal));
		return tipJson({ tip });
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
