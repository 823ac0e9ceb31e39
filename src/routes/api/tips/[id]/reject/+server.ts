import { rejectTip } from '$lib/domain/contracts/tips';
import { endpoint } from '$lib/server/endpoint';
import { asCaller } from '$lib/server/read';
import { rejectTip as reject } from '$lib/server/tips/tips.service';

/** Rejects the tip with a reason: `{ reason }` (3–1000 characters). Final. */
export const POST = endpoint(rejectTip, async ({ params: { id }, body, lang, locals }) => ({
	tip: await asCaller(locals, (q) => reject(q, lang, id, body.reason, locals.principal))
}));
