import { msg } from '$lib/domain/api-text';
import type { Queryable } from '../db/port';
import type { AppRole, Principal } from '../auth/principal';
import { newTokenValue } from '../auth/tokens';
import { refuse } from '../http';
import type { TokenCreate } from '$lib/domain/admin-input';
import { requireMyZones } from './scopes.query';

/** A machine token as the admin API lists it: never its value or hash. */
export interface AdminToken {
	id: string;
	name: string;
	prefix: string;
	role: AppRole;
	zoneId: string;
	zoneCode: string | null;
	units: string[];
	teamId: string | null;
	teamName: string | null;
	createdBy: string | null;
	createdByName: string | null;
	createdAt: string;
	expiresAt: string | null;
	lastUsedAt: string | null;
	revokedAt: string | null;
	status: 'active' | 'expired' | 'revoked';
}

type TokenRow = {
	id: string;
	name: string;
	prefix: string;
	role: AppRole;
	zone_id: string;
	zone_code: string | null;
	unit_codes: string[];
	team_id: string | null;
	team_name: string | null;
	created_by: string | null;
	created_by_name: string | null;
	created_at: Date;
	expires_at: Date | null;
	last_used_at: Date | null;
	revoked_at: Date | null;
	status: AdminToken['status'];
};

// Named columns only: `authenticated` has no privilege on token_hash.
const TOKEN_SELECT = `
	select t.id, t.name, t.prefix, t.role, t.zone_id, z.code as zone_code, t.unit_codes,
		t.team_id, st.name as team_name, t.created_by, u.username as created_by_name,
		t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
		case when t.revoked_at is not null then 'revoked'
			when t.expires_at is not null and t.expires_at <= now() then 'expired'
			else 'active' end as status
	from api_tokens t
	left join zones z on z.id = t.zone_id
	left join security_teams st on st.id = t.team_id
	left join app_users u on u.id = t.created_by`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toToken(r: TokenRow): AdminToken {
	return {
		id: r.id,
		name: r.name,
		prefix: r.prefix,
		role: r.role,
		zoneId: r.zone_id,
		zoneCode: r.zone_code,
		units: r.unit_codes,
		teamId: r.team_id,
		teamName: r.team_name,
		createdBy: r.created_by,
		createdByName: r.created_by_name,
		createdAt: iso(r.created_at)!,
		expiresAt: iso(r.expires_at),
		lastUsedAt: iso(r.last_used_at),
		revokedAt: iso(r.revoked_at),
		status: r.status
	};
}

/** Tokens of the caller's zones (row-level security), newest first. */
export async function listTokens(q: Queryable): Promise<AdminToken[]> {
	const rows = await q.query<TokenRow>(`${TOKEN_SELECT} order by t.created_at desc, t.name`);
	return rows.map(toToken);
}

async function getToken(q: Queryable, id: string): Promise<AdminToken | undefined> {
	const [row] = await q.query<TokenRow>(`${TOKEN_SELECT} where t.id = $1`, [id]);
	return row ? toToken(row) : undefined;
}

/**
 * Creates a machine token through app.create_api_token, which checks the caller administers the
 * zone and that the team and units belong to it. The value is returned here, once; only its
 * sha256 is stored.
 */
export async function createToken(
	q: Queryable,
	caller: Principal,
	input: TokenCreate
): Promise<AdminToken & { token: string }> {
	const zone = input.zone ?? caller.zones[0];
	if (!zone) refuse(400, 'zone', msg('noOwnZone'));
	requireMyZones(caller.zones, [zone], 'zone');
	const { value, hash, prefix } = newTokenValue();
	const [row] = await q.query<{ id: string }>(
		`select app.create_api_token($1, $2, $3, $4, $5::uuid, $6::text[], $7::uuid,
			case when $8::int is null then null else now() + make_interval(days => $8::int) end) as id`,
		[
			input.name,
			hash,
			prefix,
			input.role,
			zone,
			input.units ?? [],
			input.teamId ?? null,
			input.expiresInDays ?? null
		]
	);
	const token = (await getToken(q, row!.id))!;
	return { ...token, token: value };
}

/** Revokes a token (idempotent: an already revoked token keeps its first revocation time). */
export async function revokeToken(q: Queryable, id: string): Promise<AdminToken> {
	const rows = await q.query(
		`update api_tokens set revoked_at = now() where id = $1 and revoked_at is null returning id`,
		[id]
	);
	const token = await getToken(q, id);
	// Hidden by row-level security or unknown: the same answer, so ids cannot be probed.
	if (!token) refuse(404, undefined, msg('noSuchToken'));
	if (rows.length === 0 && token.revokedAt === null) refuse(404, undefined, msg('noSuchToken'));
	return token;
}
