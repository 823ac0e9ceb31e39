import { parseTipId, tipConvertSchema } from '$lib/domain/tips';
import { readJson } from '$lib/server/body';
import { badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import { convertTip } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

/**
 * Turns the tip into an incident, linked both ways, in one transaction. The body corrects or
 * completes the tip: `{ category?, severity?, occurredAt?, lon?, lat? }` (lon/lat required when
 * the tip has no location). Final.
 */
export const POST: RequestHandler = async (event) => {
	const { params, locals } = event;
	const lang = locals.lang;
	const id = parseTipId(params.id);
	if (id === undefined) return badRequest(lang, 'id', 'positiveId');
	const body = await readJson(event, tipConvertSchema, 4 * 1024, lang, {
		optional: true
	});
	if (!body.ok) return body.response;
	try {
		const out = await asCaller(locals, (q) =>
			convertTip(q, lang, id, body.value, locals.principal)
		);
		return tipJson(out, 201);
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
