import type { Capabilities } from '$lib/domain/permissions';
import type { Queryable } from '../db/port';
import type { Principal } from './principal';

/** The principal (role and scopes) of a user, as their requests will carry it. */
export async function principalForUser(
	q: Queryable,
	userId: string
): Promise<Principal | undefined> {
	return (await principalsForUsers(q, [userId])).get(userId);
}

/** The principals of several active users at once (inactive or unknown ones are left out). */
export async function principalsForUsers(
	q: Queryable,
	userIds: readonly string[]
): Promise<Map<string, Principal>> {
	const rows = await q.query<{
		id: string;
		display_name: string;
		role: Principal['role'];
		team_id: string | null;
		zones: string[];
		units: string[];
		capabilities: Capabilities;
	}>(
		`select u.id, u.display_name, u.role, u.team_id, app.role_capabilities(u.role) as capabilities,
			coalesce((select array_agg(z.zone_id::text order by z.zone_id) from user_zones z where z.user_id = u.id), '{}') as zones,
			coalesce((select array_agg(distinct x.unit_code order by x.unit_code) from user_units x where x.user_id = u.id), '{}') as units
		from app_users u where u.id = any ($1::uuid[]) and u.is_active`,
		[userIds]
	);
	return new Map(
		rows.map((row) => [
			row.id,
			{
				kind: 'user',
				id: row.id,
				role: row.role,
				name: row.display_name,
				zones: row.zones,
				units: row.units,
				team: row.team_id,
				capabilities: row.capabilities
			}
		])
	);
}

/** What each of `roles` may do, as the database says (`app.role_capabilities`), by role. */
export async function roleCapabilities(
	q: Queryable,
	roles: readonly string[]
): Promise<Record<string, Capabilities>> {
	const rows = await q.query<{ role: string; capabilities: Capabilities }>(
		`select r.role, app.role_capabilities(r.role) as capabilities from unnest($1::text[]) as r(role)`,
		[roles]
	);
	return Object.fromEntries(rows.map((r) => [r.role, r.capabilities]));
}
