import type { Queryable } from '../db/port';
import { dummyHash, verifyPassword } from './password';
import { verifySupabaseJwt, type SupabaseJwtConfig } from './supabase-jwt';
import { findUserByUsername } from './users.query';

export interface LoginLimits {
	/** Failures of one account before it is locked. */
	accountFailures: number;
	/** Failures from one address within the window before it is refused. */
	ipFailures: number;
	windowMinutes: number;
	lockMinutes: number;
}

export const DEFAULT_LIMITS: LoginLimits = {
	accountFailures: 5,
	ipFailures: 20,
	windowMinutes: 15,
	lockMinutes: 15
};

export type LoginResult =
	| { ok: true; userId: string; displayName: string }
	| { ok: false; reason: 'invalid' | 'locked' | 'ip_limited'; retryAfterS?: number };

async function audit(
	q: Queryable,
	action: string,
	userId: string | null,
	ip: string,
	details: object
) {
	await q.query(
		`insert into audit_log (actor_id, actor_kind, action, entity, entity_id, ip, details)
		values ($1::uuid, $2, $3, 'session', $1::uuid::text, $4, $5::jsonb)`,
		[userId, userId ? 'user' : 'anonymous', action, ip, JSON.stringify(details)]
	);
}

/**
 * Checks a username and password. The same answer, in about the same time, whether or not the
 * user exists. Failures lock the account after `accountFailures` and refuse the address after
 * `ipFailures` within the window. Every attempt is audited.
 */
export async function attemptLogin(
	q: Queryable,
	input: { username: string; password: string; ip: string },
	limits: LoginLimits = DEFAULT_LIMITS
): Promise<LoginResult> {
	const username = input.username.trim().toLowerCase();
	const [ipRow] = await q.query<{ n: number }>(
		`select count(*)::int as n from login_attempts
		where ip = $1 and not success and at > now() - make_interval(mins => $2::int)`,
		[input.ip, limits.windowMinutes]
	);
	if ((ipRow?.n ?? 0) >= limits.ipFailures) {
		await audit(q, 'login.refused', null, input.ip, { username, reason: 'ip_limited' });
		return { ok: false, reason: 'ip_limited', retryAfterS: limits.windowMinutes * 60 };
	}
	// Counted per username from the attempts themselves, so an unknown name locks exactly like a
	// real one and the answer never tells whether an account exists. Failures before the last
	// success or the last password change (an administrator's reset unlocks) do not count.
	const [acct] = await q.query<{ n: number; oldest: Date | null }>(
		`select count(*)::int as n, min(at) as oldest from login_attempts
		where username = $1 and not success and at > now() - make_interval(mins => $2::int)
			and at > coalesce(greatest(
				(select max(at) from login_attempts where username = $1 and success),
				(select password_changed_at from app_users where username = $1)
			), '-infinity')`,
		[username, limits.windowMinutes]
	);
	const locked = (acct?.n ?? 0) >= limits.accountFailures;
	const user = await findUserByUsername(q, username);
	const hash = user?.password_hash ?? (await dummyHash());
	const good = await verifyPassword(input.password, hash);
	if (user && good && user.is_active && !locked) {
		await q.query(`update app_users set failed_attempts = 0, locked_until = null where id = $1`, [
			user.id
		]);
		await q.query(`insert into login_attempts (username, ip, success) values ($1, $2, true)`, [
			username,
			input.ip
		]);
		await audit(q, 'login.success', user.id, input.ip, { username });
		return { ok: true, userId: user.id, displayName: user.display_name };
	}
	await q.query(`insert into login_attempts (username, ip, success) values ($1, $2, false)`, [
		username.slice(0, 100),
		input.ip
	]);
	const failures = (acct?.n ?? 0) + 1;
	const lockedUntil =
		failures >= limits.accountFailures
			? new Date((acct?.oldest?.getTime() ?? Date.now()) + limits.windowMinutes * 60_000)
			: null;
	if (user) {
		await q.query(`update app_users set failed_attempts = $2, locked_until = $3 where id = $1`, [
			user.id,
			failures,
			lockedUntil
		]);
	}
	await audit(q, 'login.failure', user?.id ?? null, input.ip, {
		username: username.slice(0, 60),
		reason: locked ? 'locked' : 'invalid'
	});
	if (locked) {
		const retryAfterS = Math.max(
			1,
			Math.ceil(((lockedUntil ?? new Date()).getTime() - Date.now()) / 1000)
		);
		return { ok: false, reason: 'locked', retryAfterS };
	}
	return { ok: false, reason: 'invalid' };
}

export type SupabaseLoginResult =
	| { ok: true; userId: string; displayName: string }
	| { ok: false; reason: 'rejected' | 'no_account' };

/**
 * Signs in with a Supabase Auth access token (the login page got it from supabase-js): verified
 * like a bearer token (signature, expiry, audience, role), then mapped to our active account of
 * that Supabase user. Audited like a built-in login; a refusal writes nothing but its audit row
 * (no lockout counter: a token cannot be guessed, and the username is Supabase's business).
 */
export async function attemptSupabaseLogin(
	q: Queryable,
	input: { accessToken: string; ip: string },
	cfg: SupabaseJwtConfig
): Promise<SupabaseLoginResult> {
	const check = await verifySupabaseJwt(input.accessToken, cfg);
	if (!check.ok) {
		await audit(q, 'login.failure', null, input.ip, { provider: 'supabase', reason: check.reason });
		return { ok: false, reason: 'rejected' };
	}
	const [user] = await q.query<{ id: string; display_name: string }>(
		`select id, display_name from app_users
		where id = $1 and auth_provider = 'supabase' and is_active`,
		[check.sub]
	);
	if (!user) {
		await audit(q, 'login.failure', null, input.ip, {
			provider: 'supabase',
			reason: 'no active account',
			sub: check.sub
		});
		return { ok: false, reason: 'no_account' };
	}
	await audit(q, 'login.success', user.id, input.ip, { provider: 'supabase' });
	return { ok: true, userId: user.id, displayName: user.display_name };
}
