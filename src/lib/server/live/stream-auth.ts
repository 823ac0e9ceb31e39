import type { Principal } from '../auth/principal';
import type { SessionPolicy } from '../auth/sessions';
import { principalsForUsers } from '../auth/users.query';
import type { Queryable } from '../db/port';

/**
 * What an open stream was authenticated with. A stream lives only as long as its credential still
 * gives the principal it was opened with: a revoked, expired or idle session, a revoked or expired
 * token, a deactivated user or any change of role or scope ends it.
 */
export type Credential =
	| { kind: 'session'; id: string; user: string }
	| { kind: 'token'; id: string }
	/** A Supabase access token (or a principal without a credential of ours, in tests). */
	| { kind: 'user'; user: string; expiresAt?: number };

export function credentialOf(p: Principal): Credential {
	if (p.kind === 'token') return { kind: 'token', id: p.id };
	if (p.sessionId) return { kind: 'session', id: p.sessionId, user: p.id };
	return { kind: 'user', user: p.id, expiresAt: p.bearerExpiresAt };
}

/** Role and scopes: what a change of must end the stream. */
export function scopeOf(p: Pick<Principal, 'role' | 'zones' | 'units' | 'team'>): string {
	return JSON.stringify([p.role, [...p.zones].sort(), [...p.units].sort(), p.team ?? null]);
}

/** The verdict on one credential: alive until `deadline` (epoch ms; Infinity = no expiry), or not. */
export type Verdict = { alive: true; deadline: number } | { alive: false };

export interface Checked {
	credential: Credential;
	/** scopeOf() the principal the stream was opened with. */
	scope: string;
}

/**
 * Re-checks many credentials in at most three statements, whatever their number. An open stream
 * is not activity: the check never touches a session's idle timer (only requests do), so a
 * session whose user does nothing ends at its idle limit even with a stream open.
 */
export async function checkCredentials(
	q: Queryable,
	items: readonly Checked[],
	policy: SessionPolicy
): Promise<Verdict[]> {
	const sessionIds = items.flatMap((c) =>
		c.credential.kind === 'session' ? [c.credential.id] : []
	);
	const tokenIds = items.flatMap((c) => (c.credential.kind === 'token' ? [c.credential.id] : []));
	const userIds = [
		...new Set(items.flatMap((c) => (c.credential.kind === 'token' ? [] : [c.credential.user])))
	];

	// The same liveness rule as resumeSession; the deadline is when it stops holding.
	const sessions = sessionIds.length
		? await q.query<{ id: string; deadline: number }>(
				`select id, (extract(epoch from least(expires_at,
					last_seen_at + make_interval(mins => $2::int))) * 1000)::float8 as deadline
				from sessions
				where id = any ($1::text[]) and revoked_at is null and expires_at > now()
					and last_seen_at > now() - make_interval(mins => $2::int)`,
				[sessionIds, policy.idleMinutes]
			)
		: [];
	const tokens = tokenIds.length
		? await q.query<{
				id: string;
				role: Principal['role'];
				zone_id: string;
				unit_codes: string[];
				team_id: string | null;
				deadline: number | null;
			}>(
				`select id, role, zone_id, unit_codes, team_id,
					(extract(epoch from expires_at) * 1000)::float8 as deadline
				from api_tokens
				where id = any ($1::uuid[]) and revoked_at is null
					and (expires_at is null or expires_at > now())`,
				[tokenIds]
			)
		: [];
	const users = userIds.length ? await principalsForUsers(q, userIds) : new Map();

	const sessionDeadline = new Map(sessions.map((s) => [s.id, Number(s.deadline)]));
	const token = new Map(tokens.map((t) => [t.id, t]));
	return items.map(({ credential: c, scope }): Verdict => {
		if (c.kind === 'token') {
			const t = token.get(c.id);
			const same =
				t && scopeOf({ role: t.role, zones: [t.zone_id], units: t.unit_codes, team: t.team_id });
			return same === scope
				? { alive: true, deadline: t!.deadline === null ? Infinity : Number(t!.deadline) }
				: { alive: false };
		}
		const user = users.get(c.user);
		if (!user || scopeOf(user) !== scope) return { alive: false };
		if (c.kind === 'session') {
			const deadline = sessionDeadline.get(c.id);
			return deadline === undefined ? { alive: false } : { alive: true, deadline };
		}
		const deadline = c.expiresAt ?? Infinity;
		return deadline > Date.now() ? { alive: true, deadline } : { alive: false };
	});
}
