import { parseTipId, tipDuplicateSchema } from '$lib/domain/tips';
import { readJson } from '$lib/server/body';
import { badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import { markDuplicate } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

/** Marks the tip a duplicate of another: `{ of: <tip id> }`. Final. */
export const POST: RequestHandler = async (event) => {
	const { params, locals } = event;
	const lang = locals.lang;
	const id = parseTipId(params.id);
	if (id === undefined) return badRequest(lang, 'id', 'positiveId');
	const body = await readJson(event, tipDuplicateSchema, 1024, lang);
	if (!body.ok) return body.response;
	try {
		const tip = await asCaller(locals, (q) =>
			markDuplicate(q, lang, id, body.value.of, locals.principal)
		);
		return tipJson({ tip });
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
