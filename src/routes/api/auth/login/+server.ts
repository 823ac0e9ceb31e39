import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { msg } from '$lib/domain/api-text';
import { DEFAULT_AUTH } from '$lib/server/auth/config';
import { attemptLogin } from '$lib/server/auth/login';
import { startSession } from '$lib/server/auth/session-cookie';
import { getDatabase } from '$lib/server/db/instance';
import { readJson } from '$lib/server/body';
import { refusal } from '$lib/server/http';
import type { RequestHandler } from './$types';

const LoginBody = z
	.object({
		username: z.string().min(1, msg('required')).max(100),
		password: z.string().min(1, msg('required')).max(200)
	})
	.strict();

export const POST: RequestHandler = async (event) => {
	const { locals, cookies, url } = event;
	const body = await readJson(event, LoginBody, 8 * 1024, event.locals.lang);
	if (!body.ok) return body.response;
	const { db, auth = DEFAULT_AUTH } = getDatabase();
	const result = await attemptLogin(db, { ...body.value, ip: locals.ip }, auth.limits);
	if (!result.ok) {
		if (result.reason === 'invalid') return refusal(locals.lang, 401, 'loginInvalid');
		const headers = { 'retry-after': String(result.retryAfterS ?? 900) };
		if (result.reason === 'busy') return refusal(locals.lang, 503, 'hashingBusy', { headers });
		if (result.reason === 'in_flight')
			return refusal(locals.lang, 429, 'loginInFlight', { headers });
		return refusal(locals.lang, 429, 'loginLimited', { headers });
	}
	await startSession(db, result.userId, auth.session, {
		cookies,
		url,
		ip: locals.ip,
		userAgent: locals.userAgent
	});
	return json({ ok: true, displayName: result.displayName });
};
