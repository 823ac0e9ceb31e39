import { msg } from '$lib/domain/api-text';
import { loginSupabase } from '$lib/domain/contracts/auth';
import { DEFAULT_AUTH } from '$lib/server/auth/config';
import { attemptSupabaseLogin } from '$lib/server/auth/login';
import { startSession } from '$lib/server/auth/session-cookie';
import { getDatabase } from '$lib/server/db/instance';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';

/**
 * Exchanges a Supabase Auth access token for our session cookie, so pages, the API and the SSE
 * stream work the same whichever way the user signed in. 404 when Supabase is not configured.
 */
export const POST = endpoint(loginSupabase, async ({ body, locals, event: { cookies, url } }) => {
	const { db, auth = DEFAULT_AUTH } = getDatabase();
	if (!auth.supabase) refuse(404, undefined, msg('supabaseOff'));
	const result = await attemptSupabaseLogin(
		db,
		{ accessToken: body.accessToken, ip: locals.ip },
		auth.supabase
	);
	if (!result.ok) {
		refuse(
			401,
			undefined,
			msg(result.reason === 'no_account' ? 'supabaseNoAccount' : 'supabaseRejected')
		);
	}
	await startSession(db, result.userId, auth.session, {
		cookies,
		url,
		ip: locals.ip,
		userAgent: locals.userAgent
	});
	return { ok: true, displayName: result.displayName };
});
