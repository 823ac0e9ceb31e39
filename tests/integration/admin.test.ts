import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin } from '../../src/lib/server/auth/login';
import { claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import { createSession, resumeSession, sha256 } from '../../src/lib/server/auth/sessions';
import { principalForToken } from '../../src/lib/server/auth/tokens';
import { principalForUser } from '../../src/lib/server/auth/users.query';
import { databaseRefusal } from '../../src/lib/server/http';
import { createUser } from '../../src/lib/server/auth/accounts';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { NON_ADMINS, WEAK_ADMIN_PASSWORDS } from '../fixtures/constants';
import { demoZoneId, ENGINES, openTestDb, otherZone, principalOf } from '../fixtures/db';
import { send } from '../fixtures/api';

const POLICY = { idleMinutes: 60, absoluteHours: 8 };
const META = { ip: '198.51.100.9', userAgent: 'vitest' };
const ANY_ID = '00000000-0000-4000-8000-000000000000';

let serial = 0;
/** A fresh, valid username per test so tests never share rows. */
const uniqueName = (stem: string) => `${stem}${Date.now().toString(36)}${serial++}`;

for (const engine of ENGINES) {
	describe(`administration on ${engine}`, () => {
		let db: Db;
		let admin: Principal;
		let zone: string;

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			admin = await principalOf(db, 'admin');
			zone = await demoZoneId(db);
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		/** POST /api/admin/users as the admin; returns the response. */
		const createUserAs = (as: string, body: Record<string, unknown>) =>
			send('/api/admin/users', { as, body });

		const newUserBody = (extra: Record<string, unknown> = {}) => ({
			username: uniqueName('officer'),
			displayName: 'Cán bộ thử nghiệm',
			role: 'dispatcher',
			password: 'Tr@ngDue-2026-long',
			...extra
		});

		it('an admin creates a user who can then sign in with the scopes given', async () => {
			const scopes = await send('/api/admin/scopes', { as: 'admin' });
			expect(scopes.status).toBe(200);
			const demo = scopes.body.zones.find((z: any) => z.id === zone);
			const team = demo.teams[0];
			const body = newUserBody({
				role: 'liaison',
				zones: [zone],
				units: ['11617'],
				teamId: team.id
			});
			const res = await createUserAs('admin', body);
			expect(res.status).toBe(201);
			expect(res.body.user).toMatchObject({
				username: body.username,
				role: 'liaison',
				zones: [zone],
				units: ['11617'],
				teamId: team.id,
				isActive: true
			});
			expect(JSON.stringify(res.body)).not.toMatch(/scrypt|hash/i);

			const login = await attemptLogin(db, {
				username: body.username,
				password: body.password as string,
				ip: META.ip
			});
			expect(login.ok).toBe(true);
			const p = await principalForUser(db, res.body.user.id);
			expect(p).toMatchObject({
				role: 'liaison',
				zones: [zone],
				units: ['11617'],
				team: team.id
			});
		});

		it('GET /api/admin/users lists roles and scopes and never a hash', async () => {
			const res = await send('/api/admin/users', { as: 'admin' });
			expect(res.status).toBe(200);
			const byName = new Map(res.body.users.map((u: any) => [u.username, u]));
			expect(byName.get('liaison')).toMatchObject({
				role: 'liaison',
				zones: [zone],
				units: ['11617']
			});
			expect(byName.get('team_lead')).toMatchObject({ role: 'team_lead' });
			expect((byName.get('team_lead') as any).teamId).toBeTruthy();
			for (const u of res.body.users) expect(Object.keys(u)).not.toContain('passwordHash');
			expect(JSON.stringify(res.body)).not.toMatch(/scrypt\$/);
		});

		it('a weak password is refused naming password, and nothing is created', async () => {
			const body = newUserBody({ password: 'short' });
			const res = await createUserAs('admin', body);
			expect(res.status).toBe(400);
			expect(res.body.field).toBe('password');
			expect(res.body.error).toMatch(/^password: /);
			const rows = await db.query(`select 1 from app_users where username = $1`, [body.username]);
			expect(rows).toHaveLength(0);

			const common = await createUserAs('admin', newUserBody({ password: 'matkhau123' }));
			expect(common.status).toBe(400);
			expect(common.body.field).toBe('password');
		});

		it('each weak password an attacker saw accepted is refused through the admin API with its reason, on create and on reset; a strong one is accepted', async () => {
			const created = await createUserAs('admin', newUserBody());
			const userId = created.body.user.id;
			const [before] = await db.query<{ password_hash: string }>(
				`select password_hash from app_users where id = $1`,
				[userId]
			);
			for (const password of [...WEAK_ADMIN_PASSWORDS, 'matkhau2026']) {
				const body = newUserBody({ password });
				const res = await send('/api/admin/users?lang=en', {
					as: 'admin',
					body,
					lang: 'en'
				});
				expect(res.status, password).toBe(400);
				expect(res.body.field).toBe('password');
				expect(res.body.error, password).toMatch(/^password: (is|repeats) .+; .+$/);
				expect(
					await db.query(`select 1 from app_users where username = $1`, [body.username])
				).toHaveLength(0);
				const reset = await send(`/api/admin/users/${userId}`, {
					as: 'admin',
					method: 'PATCH',
					body: { password },
					lang: 'vi'
				});
				expect(reset.status, password).toBe(400);
				expect(reset.body.field).toBe('password');
				expect(reset.body.error).toMatch(/^password: .+; hãy /);
			}
			const [after] = await db.query<{ password_hash: string }>(
				`select password_hash from app_users where id = $1`,
				[userId]
			);
			expect(after!.password_hash).toBe(before!.password_hash);
			const strong = await send(`/api/admin/users/${userId}`, {
				as: 'admin',
				method: 'PATCH',
				body: { password: 'Mưa phùn trên cầu Kiền lúc 5 giờ' }
			});
			expect(strong.status).toBe(200);
		});

		it('bad requests are 4xx naming the field and change nothing', async () => {
			const cases: [Record<string, unknown>, string][] = [
				[newUserBody({ username: 'X' }), 'username'],
				[newUserBody({ role: 'superuser' }), 'role'],
				[newUserBody({ zones: ['not-a-uuid'] }), 'zones.0'],
				[newUserBody({ units: ['99999'] }), 'units'],
				[newUserBody({ teamId: ANY_ID }), 'teamId'],
				[newUserBody({ role: 'team_lead' }), 'teamId'],
				[newUserBody({ extra: 1 }), 'extra']
			];
			const before = await db.query<{ n: number }>(`select count(*)::int as n from app_users`);
			for (const [body, field] of cases) {
				const res = await createUserAs('admin', body);
				expect(res.status, JSON.stringify(res.body)).toBe(400);
				expect(res.body.field).toBe(field);
			}
			const outside = await createUserAs('admin', newUserBody({ zones: [ANY_ID] }));
			expect(outside.status).toBe(403);
			expect(outside.body.field).toBe('zones');
			const dup = await createUserAs('admin', newUserBody({ username: 'commander' }));
			expect(dup.status).toBe(409);
			expect(dup.body.field).toBe('username');
			const after = await db.query<{ n: number }>(`select count(*)::int as n from app_users`);
			expect(after[0]!.n).toBe(before[0]!.n);

			const tok = await send('/api/admin/tokens', {
				as: 'admin',
				body: { name: 'x', role: 'board', expiresInDays: 0 }
			});
			expect(tok.status).toBe(400);
			expect(tok.body.field).toBe('expiresInDays');
			const audit = await send('/api/admin/audit?limit=0', { as: 'admin' });
			expect(audit.status).toBe(400);
			expect(audit.body.field).toBe('limit');
			const patch = await send(`/api/admin/users/nope`, {
				as: 'admin',
				method: 'PATCH',
				body: { displayName: 'x' }
			});
			expect(patch.status).toBe(400);
			expect(patch.body.field).toBe('id');
		});

		it('a PATCH of a user outside row-level security is 404, never 500', async () => {
			const res = await send(`/api/admin/users/${ANY_ID}`, {
				as: 'admin',
				method: 'PATCH',
				body: { displayName: 'Không tồn tại' }
			});
			expect(res.status).toBe(404);
			const revoke = await send(`/api/admin/tokens/${ANY_ID}/revoke`, {
				as: 'admin',
				method: 'POST'
			});
			expect(revoke.status).toBe(404);
		});

		it('non-admins get 403 on every admin endpoint', async () => {
			for (const username of NON_ADMINS) {
				const principal = await principalOf(db, username);
				const calls = [
					send('/api/admin/users', { as: username }),
					send('/api/admin/users', { as: username, body: newUserBody() }),
					send(`/api/admin/users/${principal.id}`, {
						as: username,
						method: 'PATCH',
						body: { role: 'admin' }
					}),
					send('/api/admin/tokens', { as: username }),
					send('/api/admin/tokens', { as: username, body: { name: 'x', role: 'admin' } }),
					send(`/api/admin/tokens/${ANY_ID}/revoke`, { as: username, method: 'POST' }),
					send('/api/admin/audit', { as: username }),
					send('/api/admin/scopes', { as: username })
				];
				for (const res of await Promise.all(calls)) {
					expect(res.status, `${username}: ${JSON.stringify(res.body)}`).toBe(403);
				}
			}
			const [me] = await db.query<{ role: string }>(
				`select role from app_users where username = 'commander'`
			);
			expect(me!.role).toBe('commander');
		});

		it('non-admins cannot read other users, tokens or the audit log in SQL, nor call the admin functions', async () => {
			await send('/api/admin/tokens', {
				as: 'admin',
				body: { name: 'Thiết bị tuần tra 1', role: 'dispatcher' }
			});
			for (const username of NON_ADMINS) {
				const principal = await principalOf(db, username);
				await db.asCaller(claimsOf(principal), async (q) => {
					const users = await q.query<{ id: string }>(`select id from app_users`);
					expect(users.map((u) => u.id)).toEqual([principal.id]);
					expect(await q.query(`select id from api_tokens`)).toHaveLength(0);
					expect(await q.query(`select id from audit_log`)).toHaveLength(0);
					expect(
						await q.query(`select user_id from user_zones where user_id <> $1`, [principal.id])
					).toHaveLength(0);
				});
				for (const sql of [
					`select app.set_password('${admin.id}', 'scrypt$1$1$1$aa$bb')`,
					`select app.revoke_sessions('${admin.id}')`,
					`select app.create_api_token('x', '${'a'.repeat(64)}', 'anninh_abcdef', 'admin', '${zone}')`,
					`update app_users set role = 'admin' where id = '${principal.id}'`
				]) {
					const out = await db
						.asCaller(claimsOf(principal), async (q) => q.query(sql))
						.then(
							(rows) => ({ rows }),
							(err: { code?: string }) => ({ code: err.code })
						);
					// Functions refuse with 42501; the update is filtered to nothing by row-level security.
					if ('rows' in out) expect(sql).toMatch(/^update/);
					else expect(out.code).toBe('42501');
				}
			}
			const [me] = await db.query<{ role: string }>(
				`select role from app_users where username = 'board'`
			);
			expect(me!.role).toBe('board');
		});

		it('no caller may read a password or token hash, admins included', async () => {
			for (const sql of [
				`select password_hash from app_users`,
				`select token_hash from api_tokens`,
				`select * from sessions`
			]) {
				await expect(db.asCaller(claimsOf(admin), (q) => q.query(sql))).rejects.toMatchObject({
					code: '42501'
				});
			}
		});

		it('a token created by the admin authenticates with its role and zone until revoked', async () => {
			const res = await send('/api/admin/tokens', {
				as: 'admin',
				body: {
					name: 'Thiết bị tuần tra 7',
					role: 'liaison',
					zone,
					units: ['11593'],
					expiresInDays: 30
				}
			});
			expect(res.status).toBe(201);
			expect(res.headers.get('cache-control')).toBe('no-store');
			const { id, token, prefix } = res.body;
			expect(token).toMatch(/^anninh_[A-Za-z0-9_-]{43}$/);
			expect(token.startsWith(prefix)).toBe(true);
			expect(res.body).toMatchObject({
				role: 'liaison',
				zoneId: zone,
				units: ['11593'],
				status: 'active'
			});
			expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

			// Only the hash is stored: the value appears in no column and in no audit row.
			const [stored] = await db.query<{ token_hash: string; row: string }>(
				`select token_hash, to_jsonb(t)::text as row from api_tokens t where id = $1`,
				[id]
			);
			expect(stored!.token_hash).toBe(sha256(token));
			expect(stored!.row).not.toContain(token);
			const leaks = await db.query(
				`select 1 from audit_log where details::text like '%' || $1 || '%'`,
				[token.slice(prefix.length)]
			);
			expect(leaks).toHaveLength(0);

			// The list never shows the value.
			const list = await send('/api/admin/tokens', { as: 'admin' });
			expect(list.body.tokens.find((t: any) => t.id === id)).toMatchObject({
				prefix,
				status: 'active'
			});
			expect(JSON.stringify(list.body)).not.toContain(token);

			const p = await principalForToken(db, token);
			expect(p).toMatchObject({
				kind: 'token',
				id,
				role: 'liaison',
				zones: [zone],
				units: ['11593']
			});

			const revoked = await send(`/api/admin/tokens/${id}/revoke`, {
				as: 'admin',
				method: 'POST'
			});
			expect(revoked.status).toBe(200);
			expect(revoked.body.token.status).toBe('revoked');
			expect(await principalForToken(db, token)).toBeUndefined();
			// Revoking again is harmless and keeps the first time.
			const again = await send(`/api/admin/tokens/${id}/revoke`, {
				as: 'admin',
				method: 'POST'
			});
			expect(again.status).toBe(200);
			expect(again.body.token.revokedAt).toBe(revoked.body.token.revokedAt);
		});

		it("a token for a zone outside the admin's scope is refused and not created", async () => {
			const before = await db.query<{ n: number }>(`select count(*)::int as n from api_tokens`);
			const res = await send('/api/admin/tokens', {
				as: 'admin',
				body: { name: 'Ngoài vùng', role: 'board', zone: ANY_ID }
			});
			expect(res.status).toBe(403);
			expect(res.body.field).toBe('zone');
			// The database refuses it too, should the handler's check ever be skipped.
			await expect(
				db.asCaller(claimsOf(admin), (q) =>
					q.query(`select app.create_api_token('x', $1, 'anninh_abcdef', 'board', $2)`, [
						'b'.repeat(64),
						ANY_ID
					])
				)
			).rejects.toMatchObject({ code: '42501' });
			const after = await db.query<{ n: number }>(`select count(*)::int as n from api_tokens`);
			expect(after[0]!.n).toBe(before[0]!.n);
		});

		it('deactivating a user ends their sessions and their sign-in', async () => {
			const body = newUserBody();
			const created = await createUserAs('admin', body);
			const userId = created.body.user.id;
			const session = await createSession(db, userId, POLICY, META);
			expect(await resumeSession(db, session.token, POLICY)).toMatchObject({ userId });

			const res = await send(`/api/admin/users/${userId}`, {
				as: 'admin',
				method: 'PATCH',
				body: { isActive: false }
			});
			expect(res.status).toBe(200);
			expect(res.body.user.isActive).toBe(false);
			expect(res.body.sessionsRevoked).toBe(1);
			expect(await resumeSession(db, session.token, POLICY)).toBeUndefined();
			expect(await principalForUser(db, userId)).toBeUndefined();
			const login = await attemptLogin(db, {
				username: body.username,
				password: body.password,
				ip: '198.51.100.10'
			});
			expect(login.ok).toBe(false);
		});

		it('a password reset by an admin unlocks an account locked by failures: the user signs in at once', async () => {
			const created = await createUserAs('admin', newUserBody());
			const { id: userId, username } = created.body.user;
			const ip = '198.51.100.30';
			for (let i = 0; i < 5; i++) {
				const failed = await attemptLogin(db, { username, password: 'not-the-password', ip });
				expect(failed.ok).toBe(false);
			}
			const locked = await attemptLogin(db, { username, password: 'Tr@ngDue-2026-long', ip });
			expect(locked).toMatchObject({ ok: false, reason: 'locked' });

			const reset = await send(`/api/admin/users/${userId}`, {
				as: 'admin',
				method: 'PATCH',
				body: { password: 'Reset-by-admin-2026' }
			});
			expect(reset.status).toBe(200);
			const login = await attemptLogin(db, { username, password: 'Reset-by-admin-2026', ip });
			expect(login.ok).toBe(true);
			// A later run of failures locks the account again, counted from the reset.
			for (let i = 0; i < 5; i++) await attemptLogin(db, { username, password: 'nope-nope-1', ip });
			const again = await attemptLogin(db, { username, password: 'Reset-by-admin-2026', ip });
			expect(again).toMatchObject({ ok: false, reason: 'locked' });
		});

		it('changing role, scopes or password ends sessions; a display name alone does not', async () => {
			const created = await createUserAs('admin', newUserBody());
			const userId = created.body.user.id;
			const patch = (body: Record<string, unknown>) =>
				send(`/api/admin/users/${userId}`, {
					as: 'admin',
					method: 'PATCH',
					body
				});
			const session = await createSession(db, userId, POLICY, META);
			const rename = await patch({ displayName: 'Tên mới' });
			expect(rename.status).toBe(200);
			expect(rename.body.sessionsRevoked).toBe(0);
			expect(await resumeSession(db, session.token, POLICY)).toBeTruthy();

			const role = await patch({ role: 'planner' });
			expect(role.body).toMatchObject({ sessionsRevoked: 1, user: { role: 'planner' } });
			expect(await resumeSession(db, session.token, POLICY)).toBeUndefined();

			const s2 = await createSession(db, userId, POLICY, META);
			const weak = await patch({ password: 'aaaaaaaaaaaa' });
			expect(weak.status).toBe(400);
			expect(weak.body.field).toBe('password');
			expect(await resumeSession(db, s2.token, POLICY)).toBeTruthy();
			const pw = await patch({ password: 'Hai-Phong-ql10-km27' });
			expect(pw.body.sessionsRevoked).toBe(1);
			expect(await resumeSession(db, s2.token, POLICY)).toBeUndefined();
			const login = await attemptLogin(db, {
				username: created.body.user.username,
				password: 'Hai-Phong-ql10-km27',
				ip: '198.51.100.11'
			});
			expect(login.ok).toBe(true);

			const s3 = await createSession(db, userId, POLICY, META);
			const lead = await patch({ role: 'team_lead' });
			expect(lead.body.field).toBe('teamId');
			const scopes = await send('/api/admin/scopes', { as: 'admin' });
			const teamId = scopes.body.zones[0].teams[0].id;
			const team = await patch({ role: 'team_lead', teamId });
			expect(team.body).toMatchObject({ sessionsRevoked: 1, user: { role: 'team_lead', teamId } });
			expect(await resumeSession(db, s3.token, POLICY)).toBeUndefined();
			expect(await principalForUser(db, userId)).toMatchObject({ role: 'team_lead', team: teamId });
		});

		it("a liaison officer's units are replaced and take effect in their principal", async () => {
			const created = await createUserAs(
				'admin',
				newUserBody({ role: 'liaison', units: ['11617'] })
			);
			expect(created.status).toBe(201);
			const userId = created.body.user.id;
			const res = await send(`/api/admin/users/${userId}`, {
				as: 'admin',
				method: 'PATCH',
				body: { units: ['11593', '11581'] }
			});
			expect(res.status).toBe(200);
			expect(res.body.user.units).toEqual(['11581', '11593']);
			expect(await principalForUser(db, userId)).toMatchObject({ units: ['11581', '11593'] });
			const none = await send(`/api/admin/users/${userId}`, {
				as: 'admin',
				method: 'PATCH',
				body: { units: [] }
			});
			expect(none.status).toBe(400);
			expect(none.body.field).toBe('units');
		});

		it('an admin of other zones sees none of these users and changes none of them', async () => {
			// The administrator of another zone only.
			await createUser(db, {
				username: 'admin.b',
				displayName: 'Quản trị vùng B',
				role: 'admin',
				password: 'Quản-trị-vùng-B-2026',
				zones: [await otherZone(db)]
			});
			const target = await principalOf(db, 'dispatcher');
			const list = await send('/api/admin/users', { as: 'admin.b' });
			expect(list.status).toBe(200);
			expect(list.body.users.map((u: any) => u.id)).not.toContain(target.id);
			const res = await send(`/api/admin/users/${target.id}`, {
				as: 'admin.b',
				method: 'PATCH',
				body: { isActive: false }
			});
			expect(res.status).toBe(404);
			expect(await principalForUser(db, target.id)).toBeTruthy();
		});

		it('database refusals map to 403 and to 400 naming the field on this engine', async () => {
			const commander = await principalOf(db, 'commander');
			const denied = await db
				.asCaller(claimsOf(commander), (q) => q.query(`select app.revoke_sessions($1)`, [admin.id]))
				.catch((err: unknown) => err);
			expect(databaseRefusal(denied)?.status).toBe(403);
			const badTeam = await db
				.asCaller(claimsOf(admin), (q) =>
					q.query(`select app.create_api_token('x', $1, 'anninh_abcdef', 'board', $2, '{}', $3)`, [
						'c'.repeat(64),
						zone,
						ANY_ID
					])
				)
				.catch((err: unknown) => err);
			const res = databaseRefusal(badTeam)!;
			expect(res.status).toBe(400);
			expect(res.body.field).toBe('teamId');
		});

		it('an admin can neither deactivate nor demote themselves', async () => {
			for (const body of [{ isActive: false }, { role: 'board' }]) {
				const res = await send(`/api/admin/users/${admin.id}`, {
					as: 'admin',
					method: 'PATCH',
					body
				});
				expect(res.status).toBe(400);
				expect(res.body.field).toBe(Object.keys(body)[0]);
			}
			expect(await principalForUser(db, admin.id)).toMatchObject({ role: 'admin' });
		});

		it("the audit log records the admin's writes with actor and address, newest first and paged", async () => {
			const created = await createUserAs('admin', newUserBody());
			const userId = created.body.user.id;
			const res = await send(`/api/admin/audit?actor=${admin.id}&entity=app_users&limit=50`, {
				as: 'admin'
			});
			expect(res.status).toBe(200);
			const insert = res.body.entries.find(
				(e: any) => e.entityId === userId && e.action === 'insert'
			);
			expect(insert).toMatchObject({
				actorId: admin.id,
				actorName: 'admin',
				actorRole: 'admin',
				actorKind: 'user',
				ip: '203.0.113.7',
				userAgent: 'vitest'
			});
			// The password was set through app.set_password: the change is recorded, its value is not.
			const pw = res.body.entries.find((e: any) => e.entityId === userId && e.action === 'update');
			expect(pw.details.changed).toContain('password_hash');
			expect(JSON.stringify(res.body)).not.toMatch(/scrypt\$/);

			const byName = await send(`/api/admin/audit?actor=admin&action=insert&limit=5`, {
				as: 'admin'
			});
			expect(byName.status).toBe(200);
			for (const e of byName.body.entries)
				expect(e).toMatchObject({ actorId: admin.id, action: 'insert' });

			// Keyset pages: newest first, no overlap, no gap.
			const all = await send('/api/admin/audit?limit=500', { as: 'admin' });
			const first = await send('/api/admin/audit?limit=3', { as: 'admin' });
			expect(first.body.next).toBe(first.body.entries[2].id);
			const second = await send(`/api/admin/audit?limit=3&before=${first.body.next}`, {
				as: 'admin'
			});
			const ids = [...first.body.entries, ...second.body.entries].map((e: any) => e.id);
			expect(ids).toEqual(all.body.entries.slice(0, 6).map((e: any) => e.id));
			const ats = all.body.entries.map((e: any) => e.at);
			expect([...ats].sort().reverse()).toEqual(ats);

			const logins = await send('/api/admin/audit?action=login.*&from=2020-01-01', {
				as: 'admin'
			});
			expect(logins.body.entries.length).toBeGreaterThan(0);
			for (const e of logins.body.entries) expect(e.action).toMatch(/^login\./);
			const bad = await send('/api/admin/audit?from=2026-02-30', { as: 'admin' });
			expect(bad.status).toBe(400);
			expect(bad.body.field).toBe('from');
		});

		it('no role, admin included, can change or delete audit rows, not even the table owner', async () => {
			const [row] = await db.query<{ id: number }>(`select max(id)::int as id from audit_log`);
			const statements = [
				`update audit_log set action = 'tampered' where id = ${row!.id}`,
				`delete from audit_log where id = ${row!.id}`
			];
			for (const sql of statements) {
				await expect(
					db.asCaller(claimsOf(admin), (q) => q.query(sql)),
					`as admin: ${sql}`
				).rejects.toMatchObject({ code: '42501' });
				await expect(db.query(sql), `as owner: ${sql}`).rejects.toMatchObject({ code: '42501' });
			}
			await expect(db.query(`truncate audit_log`)).rejects.toMatchObject({ code: '42501' });
			const [still] = await db.query<{ action: string }>(
				`select action from audit_log where id = $1`,
				[row!.id]
			);
			expect(still!.action).not.toBe('tampered');
		});
	});
}
