import { msg } from '$lib/domain/api-text';
import { may, scopeNeeds } from '$lib/domain/permissions';
import type { Queryable } from '../db/port';
import { hashPassword, HashingBusy } from '../auth/password';
import { passwordProblem } from '../auth/password-policy';
import type { AppRole, Principal } from '../auth/principal';
import { roleCapabilities } from '../auth/users.query';
import { refuse } from '../http';
import { asCaller, type CallerLocals } from '../read';
import type { UserCreate, UserPatch } from '$lib/domain/admin-input';
import { requireMyZones, requireTeamIn, resolveUnits } from './scopes.query';

/** A user as the admin API shows it: role and scopes, never a hash. */
export interface AdminUser {
	id: string;
	username: string;
	displayName: string;
	role: AppRole;
	authProvider: 'local' | 'supabase';
	isActive: boolean;
	isDemo: boolean;
	/** Zones and units within the caller's zones (others are not theirs to see). */
	zones: string[];
	units: string[];
	teamId: string | null;
	teamName: string | null;
	failedAttempts: number;
	lockedUntil: string | null;
	createdAt: string;
	updatedAt: string;
}

type UserRow = {
	id: string;
	username: string;
	display_name: string;
	role: AppRole;
	auth_provider: 'local' | 'supabase';
	is_active: boolean;
	is_demo: boolean;
	zones: string[];
	units: string[];
	team_id: string | null;
	team_name: string | null;
	failed_attempts: number;
	locked_until: Date | null;
	created_at: Date;
	updated_at: Date;
};

// Named columns only: `authenticated` has no privilege on password_hash, so `select *` would fail.
const USER_SELECT = `
	select u.id, u.username, u.display_name, u.role, u.auth_provider, u.is_active, u.is_demo,
		coalesce((select array_agg(z.zone_id::text order by z.zone_id) from user_zones z where z.user_id = u.id), '{}') as zones,
		coalesce((select array_agg(distinct x.unit_code order by x.unit_code) from user_units x where x.user_id = u.id), '{}') as units,
		u.team_id, t.name as team_name, u.failed_attempts, u.locked_until, u.created_at, u.updated_at
	from app_users u left join security_teams t on t.id = u.team_id`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toUser(r: UserRow): AdminUser {
	return {
		id: r.id,
		username: r.username,
		displayName: r.display_name,
		role: r.role,
		authProvider: r.auth_provider,
		isActive: r.is_active,
		isDemo: r.is_demo,
		zones: r.zones,
		units: r.units,
		teamId: r.team_id,
		teamName: r.team_name,
		failedAttempts: r.failed_attempts,
		lockedUntil: iso(r.locked_until),
		createdAt: iso(r.created_at)!,
		updatedAt: iso(r.updated_at)!
	};
}

/** The users row-level security lets the caller see (an admin: users of their zones). */
export async function listUsers(q: Queryable): Promise<AdminUser[]> {
	const rows = await q.query<UserRow>(`${USER_SELECT} order by u.username`);
	return rows.map(toUser);
}

export async function getUser(q: Queryable, id: string): Promise<AdminUser | undefined> {
	const [row] = await q.query<UserRow>(`${USER_SELECT} where u.id = $1`, [id]);
	return row ? toUser(row) : undefined;
}

/**
 * The caller may change this user only as an administrator of every zone the user holds
 * (app.administers_user; the database checks again in every policy and function).
 */
async function requireAdministers(q: Queryable, id: string): Promise<void> {
	const [row] = await q.query<{ ok: boolean }>(`select app.administers_user($1) as ok`, [id]);
	if (!row?.ok) refuse(403, undefined, msg('userOutOfScope'));
}

/**
 * A new password, checked against the policy and hashed, before the request's transaction opens:
 * hashing takes ~0.4 s, and no request may hold a connection (the embedded engine has only one)
 * that long. The policy weighs the username, the display name and the names of the zones and
 * parks the caller sees. For an existing user (`id`), the caller must administer them.
 */
export async function newPasswordHash(
	locals: CallerLocals,
	password: string,
	target: { id: string } | { username: string; displayName: string }
): Promise<string> {
	const context = await asCaller(locals, async (q) => {
		let who = target as { username: string; displayName: string };
		if ('id' in target) {
			const user = await getUser(q, target.id);
			if (!user) refuse(404, undefined, msg('noSuchUser'));
			await requireAdministers(q, target.id);
			who = user;
		}
		const places = await q.query<{ name: string }>(
			`select name from zones union all select code from zones
			union all select name from industrial_parks`
		);
		return { username: who.username, words: [who.displayName, ...places.map((p) => p.name)] };
	});
	const problem = passwordProblem(password, context);
	if (problem) refuse(400, 'password', msg(problem));
	try {
		return await hashPassword(password);
	} catch (err) {
		if (!(err instanceof HashingBusy)) throw err;
		refuse(503, undefined, msg('hashingBusy'), { retryAfter: err.retryAfterS });
	}
}

/**
 * Creates a local account with its scopes through app.create_user, which checks that the caller
 * administers every zone given (and the team and units lie in them) and creates the account
 * already in its zones. `hash` comes from newPasswordHash.
 */
export async function createUser(
	q: Queryable,
	caller: Principal,
	input: UserCreate,
	hash: string
): Promise<AdminUser> {
	const zones = input.zones ?? caller.zones;
	if (zones.length === 0) refuse(400, 'zones', msg('oneZone'));
	requireMyZones(caller.zones, zones, 'zones');
	const units = await resolveUnits(q, zones, input.units ?? []);
	if (input.teamId) await requireTeamIn(q, input.teamId, zones);
	const [row] = await q.query<{ id: string }>(
		`select app.create_user($1, $2, $3, $4, $5::uuid[], $6::uuid[], $7::text[], $8) as id`,
		[
			input.username,
			input.displayName,
			input.role,
			input.teamId ?? null,
			zones,
			units.map((u) => u.zoneId),
			units.map((u) => u.code),
			hash
		]
	);
	return (await getUser(q, row!.id))!;
}

async function addUnits(
	q: Queryable,
	userId: string,
	units: readonly { zoneId: string; code: string }[]
): Promise<void> {
	for (const u of units) {
		await q.query(`insert into user_units (user_id, zone_id, unit_code) values ($1, $2, $3)`, [
			userId,
			u.zoneId,
			u.code
		]);
	}
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every((x) => b.includes(x));

/**
 * Changes a user, as an administrator of all of the user's zones. Deactivating them or changing
 * their role, scopes or password ends their sessions (the caller's own session survives a change
 * to their own account). An administrator may not deactivate or demote themselves: the last
 * admin would lock everyone out. A new password comes hashed (`hash`, from newPasswordHash).
 */
export async function updateUser(
	q: Queryable,
	caller: Principal,
	id: string,
	patch: Omit<UserPatch, 'password'>,
	hash?: string
): Promise<{ user: AdminUser; sessionsRevoked: number }> {
	const current = await getUser(q, id);
	if (!current) refuse(404, undefined, msg('noSuchUser'));
	await requireAdministers(q, id);
	const self = id === caller.id;
	if (self && patch.isActive === false) refuse(400, 'isActive', msg('selfDeactivate'));
	const role = patch.role ?? current.role;
	// What the (new) role may do, as the database says.
	const caps = (await roleCapabilities(q, [role]))[role];
	if (self && patch.role !== undefined && !may(caps, 'administration'))
		refuse(400, 'role', msg('selfDemote'));

	const zones = patch.zones ?? current.zones;
	if (patch.zones) requireMyZones(caller.zones, patch.zones, 'zones');
	// Units outside the new zones are dropped with them; new units must lie in the new zones.
	const units = patch.units;
	const wantedUnits = units ? await resolveUnits(q, zones, units) : undefined;
	const teamId = patch.teamId === undefined ? current.teamId : patch.teamId;
	if (patch.teamId) await requireTeamIn(q, patch.teamId, zones);
	const needs = scopeNeeds(caps);
	if (needs.units && (units ?? current.units).length === 0)
		refuse(400, 'units', msg('liaisonUnits'));
	if (needs.team && !teamId) refuse(400, 'teamId', msg('leadTeam'));

	const changed = {
		role: role !== current.role,
		deactivated: patch.isActive === false && current.isActive,
		zones: !sameSet(zones, current.zones),
		units: units !== undefined && !sameSet(units, current.units),
		team: teamId !== current.teamId,
		password: hash !== undefined
	};

	if (
		patch.displayName !== undefined ||
		patch.isActive !== undefined ||
		changed.role ||
		changed.team
	) {
		const rows = await q.query(
			`update app_users set
				display_name = coalesce($2, display_name),
				role = coalesce($3, role),
				is_active = coalesce($4, is_active),
				team_id = case when $5::boolean then $6::uuid else team_id end
			where id = $1 returning id`,
			[
				id,
				patch.displayName ?? null,
				patch.role ?? null,
				patch.isActive ?? null,
				changed.team,
				teamId
			]
		);
		// Visible but not updatable: row-level security hid it from this statement.
		if (rows.length === 0) refuse(404, undefined, msg('noSuchUser'));
	}
	if (hash !== undefined) await q.query(`select app.set_password($1, $2)`, [id, hash]);

	// Sessions end before the scopes move: once the user leaves the caller's zones, the caller
	// may no longer act on them.
	let sessionsRevoked = 0;
	if (Object.values(changed).some(Boolean)) {
		const [r] = await q.query<{ n: number }>(`select app.revoke_sessions($1, $2) as n`, [
			id,
			self ? (caller.sessionId ?? null) : null
		]);
		sessionsRevoked = r?.n ?? 0;
	}

	if (changed.zones) {
		await q.query(
			`delete from user_zones where user_id = $1 and not (zone_id = any ($2::uuid[]))`,
			[id, zones]
		);
		await q.query(
			`delete from user_units where user_id = $1 and not (zone_id = any ($2::uuid[]))`,
			[id, zones]
		);
		for (const z of zones.filter((z) => !current.zones.includes(z))) {
			await q.query(`insert into user_zones (user_id, zone_id) values ($1, $2)`, [id, z]);
		}
	}
	if (wantedUnits) {
		const existing = await q.query<{ zone_id: string; unit_code: string }>(
			`select zone_id::text as zone_id, unit_code from user_units where user_id = $1`,
			[id]
		);
		const key = (z: string, c: string) => `${z}/${c}`;
		const want = new Set(wantedUnits.map((u) => key(u.zoneId, u.code)));
		const have = new Set(existing.map((u) => key(u.zone_id, u.unit_code)));
		for (const u of existing) {
			if (!want.has(key(u.zone_id, u.unit_code))) {
				await q.query(
					`delete from user_units where user_id = $1 and zone_id = $2 and unit_code = $3`,
					[id, u.zone_id, u.unit_code]
				);
			}
		}
		await addUnits(
			q,
			id,
			wantedUnits.filter((u) => !have.has(key(u.zoneId, u.code)))
		);
	}
	return { user: (await getUser(q, id)) ?? current, sessionsRevoked };
}
