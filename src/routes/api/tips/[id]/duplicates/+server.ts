import { tipDuplicateCandidates } from '$lib/domain/contracts/tips';
import { endpoint } from '$lib/server/endpoint';
import { asCaller } from '$lib/server/read';
import {
	DUPLICATE_RADIUS_M,
	DUPLICATE_WINDOW_HOURS,
	duplicateCandidates
} from '$lib/server/tips/tips.service';

/** Tips that may report the same thing: same category, within 200 m and 24 h. */
export const GET = endpoint(tipDuplicateCandidates, async ({ params: { id }, lang, locals }) => ({
	tipId: id,
	radiusM: DUPLICATE_RADIUS_M,
	windowHours: DUPLICATE_WINDOW_HOURS,
	candidates: await asCaller(locals, (q) => duplicateCandidates(q, lang, id))
}));
