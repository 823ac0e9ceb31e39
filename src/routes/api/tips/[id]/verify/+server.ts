import { verifyTip } from '$lib/domain/contracts/tips';
import { endpoint } from '$lib/server/endpoint';
import { asCaller } from '$lib/server/read';
import { verifyTip as verify } from '$lib/server/tips/tips.service';

/** received → verifying. The id is the whole input; a body, if any, is ignored. */
export const POST = endpoint(verifyTip, async ({ params: { id }, lang, locals }) => ({
	tip: await asCaller(locals, (q) => verify(q, lang, id, locals.principal))
}));
