import { markTipDuplicate } from '$lib/domain/contracts/tips';
import { endpoint } from '$lib/server/endpoint';
import { asCaller } from '$lib/server/read';
import { markDuplicate } from '$lib/server/tips/tips.service';

/** Marks the tip a duplicate of another: `{ of: <tip id> }`. Final. */
export const POST = endpoint(markTipDuplicate, async ({ params: { id }, body, lang, locals }) => ({
	tip: await asCaller(locals, (q) => markDuplicate(q, lang, id, body.of, locals.principal))
}));
