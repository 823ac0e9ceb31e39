import type { Queryable } from '../db/port';
import { dummyHash, hashPassword, HashingBusy, needsRehash, verifyPassword } from './password';
import { verifySupabaseJwt, type SupabaseJwtConfig } from './supabase-jwt';

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
	| {
			ok: false;
			reason: 'invalid' | 'locked' | 'ip_limited' | 'in_flight' | 'busy';
			retryAfterS?: number;
	  };

/**
 * Sign-ins under way per address (this process). Once as many are in flight as the address may
 * fail, another could not be allowed if they all failed: it is refused at once, before it
 * reaches the database, so a burst from one address queues nothing behind it (not audited one
 * by one; the attempts in flight are).
 */
const inFlight = new Map<string, number>();
const IN_FLIGHT_RETRY_S = 5;

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
 * Checks a username and password: the same answer, in about the same time, whether or not the
 * user exists. Three steps, and no transaction is open while the password is hashed:
 * 1. app.login_begin reserves the attempt (counted as a failure from then on) unless the address
 *    has `ipFailures` or the account `accountFailures` failures within the window; counting and
 *    reserving are one step, serialised per address and per username, so parallel attempts
 *    cannot all slip under the limits. A refused attempt is answered 429 without any check.
 * 2. The password is verified (scrypt, with bounded concurrency: see password.ts).
 * 3. app.login_end settles the attempt: success (and an old-cost hash upgraded), or failure.
 * Every attempt that reaches the database is audited, refusals included.
 */
export async function attemptLogin(
	db: Queryable,
	input: { username: string; password: string; ip: string },
	limits: LoginLimits = DEFAULT_LIMITS
): Promise<LoginResult> {
	const n = inFlight.get(input.ip) ?? 0;
	if (n >= limits.ipFailures)
		return { ok: false, reason: 'in_flight', retryAfterS: IN_FLIGHT_RETRY_S };
	inFlight.set(input.ip, n + 1);
	try {
		return await checkLogin(db, input, limits);
	} finally {
		const left = (inFlight.get(input.ip) ?? 1) - 1;
		if (left > 0) inFlight.set(input.ip, left);
		else inFlight.delete(input.ip);
	}
}

async function checkLogin(
	db: Queryable,
	input: { username: string; password: string; ip: string },
	limits: LoginLimits
): Promise<LoginResult> {
	const username = input.username.trim().toLowerCase();
	const [begin] = await db.query<{
		verdict: 'check' | 'locked' | 'ip_limited';
		attempt_id: number | null;
		password_hash: string | null;
		retry_after_s: number | null;
	}>(`select * from app.login_begin($1, $2, $3, $4, $5)`, [
		username,
		input.ip,
		limits.accountFailures,
		limits.ipFailures,
		limits.windowMinutes
	]);
	if (begin?.verdict !== 'check') {
		return {
			ok: false,
			reason: begin?.verdict ?? 'ip_limited',
			retryAfterS: begin?.retry_after_s ?? limits.windowMinutes * 60
		};
	}
	const end = (outcome: 'success' | 'failure' | 'cancel', oldHash?: string, newHash?: string) =>
		db.query<{ user_id: string; display_name: string }>(
			`select * from app.login_end($1, $2, $3, $4, $5, $6)`,
			[
				begin.attempt_id,
				outcome,
				limits.accountFailures,
				limits.windowMinutes,
				oldHash ?? null,
				newHash ?? null
			]
		);

	const stored = begin.password_hash;
	let good: boolean;
	try {
		good = (await verifyPassword(input.password, stored ?? (await dummyHash()))) && !!stored;
	} catch (err) {
		if (!(err instanceof HashingBusy)) throw err;
		// Never checked: the reservation is withdrawn.
		await end('cancel');
		return { ok: false, reason: 'busy', retryAfterS: err.retryAfterS };
	}
	// A hash of an older, lower cost is replaced now that the password is known (no turn free:
	// the next sign-in will).
	const upgraded =
		good && needsRehash(stored!)
			? await hashPassword(input.password).catch((err: unknown) => {
					if (err instanceof HashingBusy) return undefined;
					throw err;
				})
			: undefined;
	if (good) {
		const [user] = await end('success', stored!, upgraded);
		if (user) return { ok: true, userId: user.user_id, displayName: user.display_name };
		return { ok: false, reason: 'invalid' };
	}
	await end('failure');
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
