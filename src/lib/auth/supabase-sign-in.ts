/**
 * Signing in through Supabase Auth in the browser. supabase-js is imported on demand, only when
 * someone signs in with an email on a server configured for Supabase, so no page carries it in
 * its bundle. The access token it returns is exchanged at once for our own session cookie
 * (POST /api/auth/supabase); the Supabase session itself is kept nowhere (no localStorage).
 */
export interface SupabasePublicConfig {
	url: string;
	anonKey: string;
}

export type SupabaseSignIn =
	{ ok: true; response: Response } | { ok: false; reason: 'credentials' | 'unreachable' };

export async function signInWithSupabase(
	cfg: SupabasePublicConfig,
	email: string,
	password: string,
	lang: string
): Promise<SupabaseSignIn> {
	let accessToken: string;
	try {
		const { createClient } = await import('@supabase/supabase-js');
		const client = createClient(cfg.url, cfg.anonKey, {
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
		});
		const { data, error } = await client.auth.signInWithPassword({ email, password });
		if (error || !data.session) return { ok: false, reason: 'credentials' };
		accessToken = data.session.access_token;
	} catch {
		return { ok: false, reason: 'unreachable' };
	}
	const response = await fetch(`/api/auth/supabase?lang=${encodeURIComponent(lang)}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ accessToken })
	});
	return { ok: true, response };
}

/** Supabase accounts sign in with an email; built-in usernames cannot contain "@". */
export const isEmail = (identifier: string) => /^[^\s@]+@[^\s@]+$/.test(identifier.trim());
