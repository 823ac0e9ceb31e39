import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { DEFAULT_AUTH } from '$lib/server/auth/config';
import { attemptLogin } from '$lib/server/auth/login';
import { createSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { getDatabase } from '$lib/server/db/instance';
import { readJson } from '$lib/server/body';
import type { RequestHandler } from './$types';

const LoginBody = z
	.object({
		username: z.string().min(1, 'is required').max(100, 'is too long'),
		password: z.string().min(1, 'is required').max(200, 'is too long')
	})
	.strict();

const MESSAGES = {
	vi: {
		invalid: 'Sai tên đăng nhập hoặc mật khẩu',
		limited: 'Đăng nhập sai quá nhiều lần, hãy thử lại sau'
	},
	en: {
		invalid: 'Wrong username or password',
		limited: 'Too many failed sign-ins; try again later'
	}
};

export const POST: RequestHandler = async (event) => {
	const { locals, cookies, url } = event;
	const body = await readJson(event, LoginBody, 8 * 1024);
	if (!body.ok) return body.response;
	const { db, auth = DEFAULT_AUTH } = getDatabase();
	const msg = MESSAGES[locals.lang];
	const result = await attemptLogin(db, { ...body.value, ip: locals.ip }, auth.limits);
	if (!result.ok) {
		if (result.reason === 'invalid') return json({ error: msg.invalid }, { status: 401 });
		return json(
			{ error: msg.limited },
			{ status: 429, headers: { 'retry-after': String(result.retryAfterS ?? 900) } }
		);
	}
	const session = await createSession(db, result.userId, auth.session, {
		ip: locals.ip,
		userAgent: locals.userAgent
	});
	cookies.set(SESSION_COOKIE, session.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: session.expiresAt
	});
	return json({ ok: true, displayName: result.displayName });
};
