import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { msg } from '$lib/domain/api-text';
import { readJson } from '$lib/server/body';
import { DEFAULT_AUTH } from '$lib/server/auth/config';
import { attemptSupabaseLogin } from '$lib/server/auth/login';
import { startSession } from '$lib/server/auth/session-cookie';
import { getDatabase } from '$lib/server/db/instance';
import { refusal } from '$lib/server/http';
import type { RequestHandler } from './$types';

const ExchangeBody = z
	.object({
		// A JWT: three base64url parts. Supabase's access tokens are well under 4 KB.
		accessToken: z
			.string()
			.min(1, msg('required'))
			.max(8192)
			.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, msg('format'))
	})
	.strict();

/**
 * Exchanges a Supabase Auth access token for our session cookie, so pages, the API and the SSE
 * stream work the same whichever way the user signed in. 404 when Supabase is not configured.
 */
export const POST: RequestHandler = async (event) => {
	const { locals, cookies, url } = event;
	const body = await readJson(event, ExchangeBody, 16 * 1024, locals.lang);
	if (!body.ok) return body.response;
	const { db, auth = DEFAULT_AUTH } = getDatabase();
	if (!auth.supabase) return refusal(locals.lang, 404, 'supabaseOff');
	const result = await attemptSupabaseLogin(
		db,
		{ accessToken: body.value.accessToken, ip: locals.ip },
		auth.supabase
	);
	if (!result.ok) {
		return refusal(
			locals.lang,
			401,
			result.reason === 'no_account' ? 'supabaseNoAccount' : 'supabaseRejected'
		);
	}
	await startSession(db, result.userId, auth.session, {
		cookies,
		url,
		ip: locals.ip,
		userAgent: locals.userAgent
	});
	return json({ ok: true, displayName: result.displayName });
};
