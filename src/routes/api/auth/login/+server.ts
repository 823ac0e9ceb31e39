import { msg } from '$lib/domain/api-text';
import { login } from '$lib/domain/contracts/auth';
import { DEFAULT_AUTH } from '$lib/server/auth/config';
import { attemptLogin } from '$lib/server/auth/login';
import { startSession } from '$lib/server/auth/session-cookie';
import { getDatabase } from '$lib/server/db/instance';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';

export const POST = endpoint(login, async ({ body, locals, event: { cookies, url } }) => {
	const { db, auth = DEFAULT_AUTH } = getDatabase();
	const result = await attemptLogin(db, { ...body, ip: locals.ip }, auth.limits);
	if (!result.ok) {
		if (result.reason === 'invalid') refuse(401, undefined, msg('loginInvalid'));
		const retryAfter = result.retryAfterS ?? 900;
		if (result.reason === 'busy') refuse(503, undefined, msg('hashingBusy'), { retryAfter });
		if (result.reason === 'in_flight') refuse(429, undefined, msg('loginInFlight'), { retryAfter });
		refuse(429, undefined, msg('loginLimited'), { retryAfter });
	}
	await startSession(db, result.userId, auth.session, {
		cookies,
		url,
		ip: locals.ip,
		userAgent: locals.userAgent
	});
	return { ok: true, displayName: result.displayName };
});
