import { getTip } from '$lib/domain/contracts/tips';
import { endpoint } from '$lib/server/endpoint';
import { asCaller } from '$lib/server/read';
import { getTip as tipOf } from '$lib/server/tips/tips.service';

/** One tip with its contact (commanders and dispatchers only, by policy). */
export const GET = endpoint(getTip, ({ params: { id }, lang, locals }) =>
	asCaller(locals, (q) => tipOf(q, lang, id))
);
