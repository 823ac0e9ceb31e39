import { parseTipId } from '$lib/domain/tips';
import { badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { tipJson } from '$lib/server/tips/tip-http';
import {
	DUPLICATE_RADIUS_M,
	DUPLICATE_WINDOW_HOURS,
	duplicateCandidates
} from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

/** Tips that may report the same thing: same category, within 200 m and 24 h. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const lang = locals.lang;
	const id = parseTipId(params.id);
	if (id === undefined) return badRequest(lang, 'id', 'positiveId');
	try {
		const candidates = await asCaller(locals, (q) => duplicateCandidates(q, lang, id));
		return tipJson({
			tipId: id,
			radiusM: DUPLICATE_RADIUS_M,
			windowHours: DUPLICATE_WINDOW_HOURS,
			candidates
		});
	} catch (err) {
		return refusalOrThrow(err, lang);
	}
};
