/** Signing in and out, and who is signed in. */
import * as z from 'zod/mini';
import { msg } from '../api-text';
import { contract } from '../contract';
import { APP_ROLES } from '../roles';
import { uuid } from './shared';

/** The session cookie (HttpOnly, SameSite=Lax; Secure behind HTTPS). */
export const SESSION_COOKIE = 'anninh_session';

const signedIn = {
	description: `Signed in; the \`${SESSION_COOKIE}\` cookie (HttpOnly, SameSite=Lax) is set.`,
	schema: z.object({ ok: z.literal(true), displayName: z.string() }),
	headers: { 'set-cookie': { description: 'The session cookie.', schema: z.string() } }
};

const required = (max: number) =>
	z.string().check(z.minLength(1, msg('required')), z.maxLength(max));

export const login = contract({
	method: 'POST',
	path: '/api/auth/login',
	tag: 'auth',
	public: true,
	summary: 'Signs in with a local account; sets the session cookie.',
	body: {
		schema: z.strictObject({ username: required(100), password: required(200) }),
		maxBytes: 8 * 1024
	},
	answer: signedIn,
	refusals: {
		401: 'Wrong username or password.',
		429: {
			description:
				'Too many failures of this account (5) or address (20) within 15 minutes, or more than 20 sign-ins in flight from this address.',
			retryAfter: true
		},
		503: {
			description:
				'No password-hashing turn came free in time (a sign-in attempt answered so does not count).',
			retryAfter: true
		}
	}
});

export const loginSupabase = contract({
	method: 'POST',
	path: '/api/auth/supabase',
	tag: 'auth',
	public: true,
	summary:
		'Exchanges a Supabase Auth access token for the session cookie (when Supabase is configured).',
	description:
		'The token is verified like a bearer token (signature, expiry, audience `authenticated`, role) and must belong to an active account that signs in through Supabase. Every attempt is audited.',
	body: {
		schema: z.strictObject({
			// A JWT: three base64url parts. Supabase's access tokens are well under 4 KB.
			accessToken: z
				.string()
				.check(
					z.minLength(1, msg('required')),
					z.maxLength(8192),
					z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, msg('format')),
					z.describe('The access token supabase-js returned from signInWithPassword.')
				)
		}),
		maxBytes: 16 * 1024
	},
	answer: signedIn,
	refusals: {
		401: 'The token is invalid or expired, or no active account belongs to it.',
		404: 'Supabase Auth is not configured on this server.'
	}
});

export const logout = contract({
	method: 'POST',
	path: '/api/auth/logout',
	tag: 'auth',
	public: true,
	summary: 'Ends the session on the server and clears the cookie.',
	answer: {
		description: 'Signed out (also when nobody was signed in).',
		schema: z.object({ ok: z.literal(true) })
	}
});

export const me = contract({
	method: 'GET',
	path: '/api/auth/me',
	tag: 'auth',
	public: true,
	summary: 'Who is signed in: name, role and scopes (401 when nobody is).',
	answer: {
		description: 'The caller.',
		schema: z.object({
			kind: z.enum(['user', 'token']),
			id: z.string(),
			name: z.string(),
			role: z.enum(APP_ROLES),
			zones: z.array(uuid),
			units: z.array(z.string()),
			team: z.nullable(uuid)
		})
	},
	refusals: { 401: 'Nobody is signed in.' }
});
