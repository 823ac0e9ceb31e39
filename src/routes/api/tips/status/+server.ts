import { tipStatus } from '$lib/domain/contracts/tips';
import { msg } from '$lib/domain/api-text';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { publicTipStatus } from '$lib/server/tips/tips.service';

/** What a tipster may learn with their follow-up code: the status, nothing else. */
export const GET = endpoint(tipStatus, async ({ query, lang, locals }) => {
	// As anon, whoever asks: the code is the only credential here.
	const status = await asCaller({}, (q) => publicTipStatus(q, lang, query.code, locals.ip));
	return status ? { status } : refuse(404, undefined, msg('tip.codeNotFound'));
});
