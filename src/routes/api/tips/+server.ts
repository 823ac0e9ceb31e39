import { listTips, submitTip } from '$lib/domain/contracts/tips';
import { OPEN_TIP_STATUSES } from '$lib/domain/tips';
import { endpoint } from '$lib/server/endpoint';
import { asCaller } from '$lib/server/read';
import { listTips as queue, submitTip as submit } from '$lib/server/tips/tips.service';

/**
 * A tip from the public: no sign-in, anonymous. It always runs as `anon` and without the
 * caller's address or user agent, so neither a session nor the audit trail (which records
 * `request.ip`) can tie the tip to who sent it; the address reaches only the rate limit, hashed.
 */
export const POST = endpoint(submitTip, async ({ body, lang, locals }) => {
	const { followUpCode } = await asCaller({}, (q) => submit(q, lang, body, locals.ip));
	return { followUpCode, status: 'received' as const };
});

/** The triage queue, newest first (commanders read; admins and dispatchers act). */
export const GET = endpoint(listTips, ({ query, lang, locals }) => {
	const { zone, status = [...OPEN_TIP_STATUSES], limit = 100 } = query;
	return asCaller(locals, (q) => queue(q, lang, { zone, statuses: status, limit }));
});
