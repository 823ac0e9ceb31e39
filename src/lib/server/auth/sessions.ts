import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/port';

export { SESSION_COOKIE } from '$lib/domain/contracts/auth';

export interface SessionPolicy {
	/** Signed out after this long without a request. */
	idleMinutes: number;
	/** Signed out this long after signing in, whatever happens. */
	absoluteHours: number;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Creates a session and returns the cookie value (only its hash is stored). */
export async function createSession(
	q: Queryable,
	userId: string,
	policy: SessionPolicy,
	meta: { ip: string; userAgent: string }
): Promise<{ token: string; id: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const id = sha256(token);
	const expiresAt = new Date(Date.now() + policy.absoluteHours * 3_600_000);
	await q.query(
		`insert into sessions (id, user_id, expires_at, ip, user_agent) values ($1, $2, $3, $4, $5)`,
		[id, userId, expiresAt, meta.ip, meta.userAgent.slice(0, 300)]
	);
	return { token, id, expiresAt };
}

/** The user of a live session, touching its idle timer; undefined when expired or revoked. */
export async function resumeSession(
	q: Queryable,
	token: string,
	policy: SessionPolicy
): Promise<{ userId: string; sessionId: string } | undefined> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
	const id = sha256(token);
	// Every request comes through here: touch the idle timer at most once a minute, not per request.
	const [row] = await q.query<{ user_id: string }>(
		`with live as (
			select id, user_id, last_seen_at from sessions
			where id = $1 and revoked_at is null and expires_at > now()
				and last_seen_at > now() - make_interval(mins => $2::int)
		),
		touched as (
			update sessions s set last_seen_at = now() from live
			where s.id = live.id and live.last_seen_at < now() - interval '1 minute'
		)
		select user_id from live`,
		[id, policy.idleMinutes]
	);
	return row ? { userId: row.user_id, sessionId: id } : undefined;
}

export async function revokeSession(q: Queryable, sessionId: string): Promise<void> {
	await q.query(`update sessions set revoked_at = now() where id = $1 and revoked_at is null`, [
		sessionId
	]);
}

export async function revokeUserSessions(q: Queryable, userId: string): Promise<void> {
	await q.query(
		`update sessions set revoked_at = now() where user_id = $1 and revoked_at is null`,
		[userId]
	);
}
