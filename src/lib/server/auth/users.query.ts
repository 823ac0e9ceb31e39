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
	}>(
		`select u.id, u.display_name, u.role, u.team_id,
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
				team: row.team_id
			}
		])
	);
}
