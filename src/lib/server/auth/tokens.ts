import { randomBytes } from 'node:crypto';
import type { Capabilities } from '$lib/domain/permissions';
import type { Queryable } from '../db/port';
import type { AppRole, Principal } from './principal';
import { sha256 } from './sessions';

import { TOKEN_PREFIX } from '$lib/domain/contracts/admin';

export { TOKEN_PREFIX };

/** A new machine token: the value is returned once and only its hash is kept. */
export function newTokenValue(): { value: string; hash: string; prefix: string } {
	const value = TOKEN_PREFIX + randomBytes(32).toString('base64url');
	return { value, hash: sha256(value), prefix: value.slice(0, TOKEN_PREFIX.length + 6) };
}

/** The principal of a live token (not revoked, not expired), recording its use. */
export async function principalForToken(
	q: Queryable,
	value: string
): Promise<Principal | undefined> {
	if (!value.startsWith(TOKEN_PREFIX) || value.length > 100) return undefined;
	const [row] = await q.query<{
		id: string;
		name: string;
		role: AppRole;
		zone_id: string;
		unit_codes: string[];
		team_id: string | null;
		capabilities: Capabilities;
	}>(
		`with live as (
			select id, name, role, zone_id, unit_codes, team_id, last_used_at from api_tokens
			where token_hash = $1 and revoked_at is null and (expires_at is null or expires_at > now())
		),
		-- Record use at most once a minute: machine clients call often.
		touched as (
			update api_tokens t set last_used_at = now() from live
			where t.id = live.id and (live.last_used_at is null or live.last_used_at < now() - interval '1 minute')
		)
		select id, name, role, zone_id, unit_codes, team_id, app.role_capabilities(role) as capabilities
		from live`,
		[sha256(value)]
	);
	if (!row) return undefined;
	return {
		kind: 'token',
		id: row.id,
		role: row.role,
		name: row.name,
		zones: [row.zone_id],
		units: row.unit_codes,
		team: row.team_id,
		capabilities: row.capabilities
	};
}
