import { apiText } from '$lib/domain/api-text';
import { scopeNeeds } from '$lib/domain/permissions';
import type { Queryable } from '../db/port';
import { StartupError } from '../db/open';
import { hashPassword } from './password';
import { passwordProblem } from './password-policy';
import { APP_ROLES, type AppRole } from './principal';
import { roleCapabilities } from './users.query';

export interface NewUser {
	username: string;
	displayName: string;
	role: AppRole;
	password: string;
	zones: string[];
	units?: { zoneId: string; code: string }[];
	teamId?: string | null;
	isDemo?: boolean;
}

/** Creates a local account with its scopes (system bookkeeping: start-up, demo, admin API). */
export async function createUser(q: Queryable, u: NewUser): Promise<string> {
	const [row] = await q.query<{ id: string }>(
		`insert into app_users (username, display_name, role, password_hash, team_id, is_demo)
		values ($1, $2, $3, $4, $5, $6) returning id`,
		[
			u.username,
			u.displayName,
			u.role,
			await hashPassword(u.password),
			u.teamId ?? null,
			u.isDemo ?? false
		]
	);
	const id = row!.id;
	for (const z of u.zones)
		await q.query(`insert into user_zones (user_id, zone_id) values ($1, $2)`, [id, z]);
	for (const x of u.units ?? []) {
		await q.query(`insert into user_units (user_id, zone_id, unit_code) values ($1, $2, $3)`, [
			id,
			x.zoneId,
			x.code
		]);
	}
	return id;
}

/**
 * One demo account per role, named after it, only ever created together with the demo zone. A
 * role whose permissions reach only inside the caller's units (the liaison officer) belongs to
 * phường An Hải; one that reaches its own team (the team lead) to the first company security team.
 */
export async function createDemoAccounts(
	q: Queryable,
	zoneId: string,
	password: string
): Promise<void> {
	const [team] = await q.query<{ id: string }>(
		`select id from security_teams where zone_id = $1 and kind = 'company' order by name limit 1`,
		[zoneId]
	);
	const names: Record<AppRole, string> = {
		admin: 'Quản trị hệ thống (demo)',
		commander: 'Chỉ huy Đồn Công an KCN (demo)',
		dispatcher: 'Trực ban (demo)',
		planner: 'Cán bộ lập kế hoạch tuần tra (demo)',
		board: 'Ban chỉ đạo (demo)',
		liaison: 'Cán bộ phường An Hải (demo)',
		team_lead: 'Tổ trưởng tổ tự quản (demo)'
	};
	const capabilities = await roleCapabilities(q, APP_ROLES);
	// One after another: at start-up nothing else waits for a hashing turn, so none times out.
	for (const role of APP_ROLES) {
		const exists = await q.query(`select 1 from app_users where username = $1`, [role]);
		if (exists.length > 0) continue;
		const needs = scopeNeeds(capabilities[role]);
		await createUser(q, {
			username: role,
			displayName: names[role],
			role,
			password,
			zones: [zoneId],
			units: needs.units ? [{ zoneId, code: '11617' }] : [],
			teamId: needs.team ? (team?.id ?? null) : null,
			isDemo: true
		});
	}
}

const DEFAULT_SECRETS = new Set(['', 'admin', 'demo', 'password', 'changeme', 'secret']);

/**
 * A deployment without the demo zone gets no demo accounts; its first administrator comes from
 * ADMIN_USERNAME / ADMIN_PASSWORD, and a missing or default password stops the start.
 */
export async function ensureFirstAdmin(
	q: Queryable,
	env: { ADMIN_USERNAME: string; ADMIN_PASSWORD?: string },
	log: (m: string) => void
): Promise<void> {
	const [row] = await q.query<{ n: number }>(
		`select count(*)::int as n from app_users
		where is_active and app.role_capabilities(role) -> 'permissions' ? 'administration'`
	);
	if ((row?.n ?? 0) > 0) return;
	const password = env.ADMIN_PASSWORD ?? '';
	if (DEFAULT_SECRETS.has(password.toLowerCase())) {
		throw new StartupError(
			'No administrator exists and ADMIN_PASSWORD is unset or a default value: set ADMIN_PASSWORD to a strong password (10+ characters) for the first administrator.'
		);
	}
	const zones = await q.query<{ id: string; name: string; code: string }>(
		`select id, name, code from zones`
	);
	// The same policy as parseEnv applied, now with the zones' own names.
	const problem = passwordProblem(password, {
		username: env.ADMIN_USERNAME,
		words: zones.flatMap((z) => [z.name, z.code])
	});
	if (problem) throw new StartupError(`ADMIN_PASSWORD ${apiText('en', problem)}.`);
	await createUser(q, {
		username: env.ADMIN_USERNAME,
		displayName: 'Quản trị hệ thống',
		role: 'admin',
		password,
		zones: zones.map((z) => z.id)
	});
	log(`created the first administrator "${env.ADMIN_USERNAME}"`);
}
