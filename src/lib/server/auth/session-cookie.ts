import type { Cookies } from '@sveltejs/kit';
import type { Queryable } from '../db/port';
import { createSession, SESSION_COOKIE, type SessionPolicy } from './sessions';

/**
 * Opens a session for a signed-in user and sets its cookie: HttpOnly, SameSite=Lax, Secure behind
 * HTTPS. Every way of signing in ends here, so pages, the API and the SSE stream see one cookie.
 */
export async function startSession(
	db: Queryable,
	userId: string,
	policy: SessionPolicy,
	ctx: { cookies: Cookies; url: URL; ip: string; userAgent: string }
): Promise<void> {
	const session = await createSession(db, userId, policy, { ip: ctx.ip, userAgent: ctx.userAgent });
	ctx.cookies.set(SESSION_COOKIE, session.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: ctx.url.protocol === 'https:',
		expires: session.expiresAt
	});
}
