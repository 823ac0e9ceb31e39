import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/lib/server/auth/accounts';
import { DEFAULT_AUTH } from '../../src/lib/server/auth/config';
import { claimsOf } from '../../src/lib/server/auth/principal';
import { principalForUser } from '../../src/lib/server/auth/users.query';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { DEMO_TEST_PASSWORD } from '../fixtures/constants';
import { demoZoneId, ENGINES, openTestDb, otherZone } from '../fixtures/db';
import { send, type ApiRequest } from '../fixtures/api';

/**
 * Issue 9 §2: an administrator of zone A alone took over a user of zones A and B (password reset,
 * promotion to admin), signed in as them, read zone B and made an admin token for zone B. An
 * administrator may act on a user only when every zone of that user is one of their own.
 */
const USER_PASSWORD = 'Cổng-số-3-ca-đêm';
const TAKEOVER_PASSWORD = 'Chiếm-quyền-vùng-B-2026';
const BOTH_PASSWORD = 'Quản-trị-hai-vùng-2026';

let serial = 0;
const uniqueName = (stem: string) => `${stem}${Date.now().toString(36)}${serial++}`;

for (const engine of ENGINES) {
	describe(`administration across zones on ${engine}`, () => {
		let db: Db;
		let zoneA: string;
		let zoneB: string;
		let adminA: string;
		let bothName: string;
		let adminBoth: string;
		let ipSerial = 0;
		// Each sign-in from its own address, so the login limits never interfere.
		const nextIp = () => `192.0.2.${++ipSerial}`;

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test', auth: DEFAULT_AUTH });
			zoneA = await demoZoneId(db);
			zoneB = await otherZone(db);
			adminA = (await signIn('admin', DEMO_TEST_PASSWORD)).session!;
			bothName = uniqueName('admin2z');
			await createUser(db, {
				username: bothName,
				displayName: 'Quản trị hai vùng',
				role: 'admin',
				password: BOTH_PASSWORD,
				zones: [zoneA, zoneB]
			});
			adminBoth = (await signIn(bothName, BOTH_PASSWORD)).session!;
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		async function signIn(username: string, password: string) {
			return send('/api/auth/login', { body: { username, password }, ip: nextIp() });
		}

		/** A dispatcher of zones A and B (or of the zones given), created by the system. */
		async function sharedUser(zones = [zoneA, zoneB]) {
			const username = uniqueName('shared');
			const id = await createUser(db, {
				username,
				displayName: 'Trực ban hai vùng',
				role: 'dispatcher',
				password: USER_PASSWORD,
				zones,
				units: zones.includes(zoneB) ? [{ zoneId: zoneB, code: '99001' }] : []
			});
			return { id, username };
		}

		const patch = (session: string, id: string, body: Record<string, unknown>, lang = 'en') =>
			send(`/api/admin/users/${id}?lang=${lang}`, { method: 'PATCH', session, body });

		async function stored(id: string) {
			const [row] = await db.query<{
				password_hash: string;
				role: string;
				display_name: string;
				is_active: boolean;
				team_id: string | null;
				zones: string[];
				units: string[];
			}>(
				`select password_hash, role, display_name, is_active, team_id,
					array(select zone_id::text from user_zones where user_id = u.id order by 1) as zones,
					array(select unit_code from user_units where user_id = u.id order by 1) as units
				from app_users u where id = $1`,
				[id]
			);
			return row!;
		}

		it('an administrator of zone A alone cannot take over a user of zones A and B: the chain stops at its first step', async () => {
			const target = await sharedUser();
			const before = await stored(target.id);

			// 1. Reset the password.
			const reset = await patch(adminA, target.id, { password: TAKEOVER_PASSWORD });
			expect(reset.status, JSON.stringify(reset.body)).toBe(403);
			expect(reset.body.error).toMatch(/zones you do not administer/);
			// 2. Promote to admin.
			const promote = await patch(adminA, target.id, { role: 'admin' });
			expect(promote.status).toBe(403);
			expect(await stored(target.id)).toEqual(before);
			// 3. Sign in as them with the password that was never set.
			expect((await signIn(target.username, TAKEOVER_PASSWORD)).status).toBe(401);
			// 4. Read zone B.
			const read = await send('/api/incidents?zone=vung-b&limit=1', { session: adminA });
			expect(read.status).toBe(404);
			const zones = await send('/api/zones', { session: adminA });
			expect(zones.body.features.map((f: any) => f.properties.code)).toEqual(['trang-due']);
			// 5. An admin token for zone B.
			const token = await send('/api/admin/tokens', {
				session: adminA,
				body: { name: 'Cửa sau vùng B', role: 'admin', zone: zoneB }
			});
			expect(token.status).toBe(403);
			const tokens = await db.query(`select 1 from api_tokens where zone_id = $1`, [zoneB]);
			expect(tokens).toHaveLength(0);
		});

		it('every change to a user of zones A and B is refused to the administrator of zone A, through the API and in SQL', async () => {
			const target = await sharedUser();
			const before = await stored(target.id);
			const [team] = await db.query<{ id: string }>(
				`select id from security_teams where zone_id = $1 limit 1`,
				[zoneA]
			);
			const changes: Record<string, unknown>[] = [
				{ password: TAKEOVER_PASSWORD },
				{ role: 'admin' },
				{ isActive: false },
				{ displayName: 'Đổi tên' },
				{ zones: [zoneA] },
				{ units: ['11617'] },
				{ role: 'team_lead', teamId: team!.id }
			];
			for (const body of changes) {
				const res = await patch(adminA, target.id, body, 'vi');
				expect(res.status, JSON.stringify(body)).toBe(403);
				expect(res.body.error).toMatch(/vùng ngoài phạm vi quản trị của bạn/);
			}
			const session = await signIn(target.username, USER_PASSWORD);
			expect(session.status).toBe(200);

			// The database itself refuses, should a handler ever skip its check.
			const [row] = await db.query<{ id: string }>(
				`select id from app_users where username = 'admin'`
			);
			const a = (await principalForUser(db, row!.id))!;
			const asA = (sql: string, params: unknown[] = []) =>
				db
					.asCaller(claimsOf(a), (q) => q.query(sql, params))
					.then(
						(rows) => ({ rows: rows.length }),
						(err: { code?: string }) => ({ code: err.code })
					);
			expect(
				await asA(`select app.set_password($1, $2)`, [target.id, before.password_hash])
			).toEqual({ code: '42501' });
			expect(await asA(`select app.revoke_sessions($1)`, [target.id])).toEqual({ code: '42501' });
			for (const sql of [
				`update app_users set role = 'admin' where id = $1`,
				`update app_users set display_name = 'x', is_active = false where id = $1`,
				`delete from user_zones where user_id = $1`,
				`delete from user_units where user_id = $1`
			]) {
				expect(await asA(sql, [target.id]), sql).toEqual({ rows: 0 });
			}
			expect(
				await asA(`insert into user_units (user_id, zone_id, unit_code) values ($1, $2, '11617')`, [
					target.id,
					zoneA
				])
			).toEqual({ code: '42501' });
			expect(await stored(target.id)).toEqual(before);
			// Nor may zone A be granted to a user of zone B alone.
			const onlyB = await sharedUser([zoneB]);
			expect(
				await asA(`insert into user_zones (user_id, zone_id) values ($1, $2)`, [onlyB.id, zoneA])
			).toEqual({ code: '42501' });
			expect((await stored(onlyB.id)).zones).toEqual([zoneB]);
			// The user's live session was not ended either.
			const me = await send('/api/zones', { session: session.session });
			expect(me.status).toBe(200);
		});

		it('a user who has no zone yet is changed only by an administrator of every zone', async () => {
			const username = uniqueName('nozone');
			const id = await createUser(db, {
				username,
				displayName: 'Chưa có vùng',
				role: 'commander',
				password: USER_PASSWORD,
				zones: []
			});
			const a = await patch(adminA, id, { password: TAKEOVER_PASSWORD });
			expect(a.status).toBe(403);
			const grant = await patch(adminA, id, { zones: [zoneA], role: 'admin' });
			expect(grant.status).toBe(403);
			expect(await stored(id)).toMatchObject({ role: 'commander', zones: [] });
			const both = await patch(adminBoth, id, { zones: [zoneA] });
			expect(both.status, JSON.stringify(both.body)).toBe(200);
			expect(both.body.user.zones).toEqual([zoneA]);
			// Now within zone A: its administrator may act on them.
			const rename = await patch(adminA, id, { displayName: 'Đã có vùng A' });
			expect(rename.status).toBe(200);
		});

		it("tokens of zone B are neither listed to nor revocable by zone A's administrator", async () => {
			const made = await send('/api/admin/tokens', {
				session: adminBoth,
				body: { name: 'Thiết bị vùng B', role: 'board', zone: zoneB }
			});
			expect(made.status).toBe(201);
			const list = await send('/api/admin/tokens', { session: adminA });
			expect(list.status).toBe(200);
			expect(list.body.tokens.map((t: any) => t.id)).not.toContain(made.body.id);
			const revoke = await send(`/api/admin/tokens/${made.body.id}/revoke`, {
				method: 'POST',
				session: adminA
			});
			expect(revoke.status).toBe(404);
			const [row] = await db.query<{ revoked_at: Date | null }>(
				`select revoked_at from api_tokens where id = $1`,
				[made.body.id]
			);
			expect(row!.revoked_at).toBeNull();
		});

		it('zone A’s administrator still creates and manages users of zone A only, and cannot create one in zone B', async () => {
			const created = await send('/api/admin/users', {
				session: adminA,
				body: {
					username: uniqueName('mot-vung'),
					displayName: 'Một vùng',
					role: 'dispatcher',
					password: USER_PASSWORD,
					zones: [zoneA]
				}
			});
			expect(created.status, JSON.stringify(created.body)).toBe(201);
			const promote = await patch(adminA, created.body.user.id, { role: 'commander' });
			expect(promote.status).toBe(200);
			const outside = await send('/api/admin/users', {
				session: adminA,
				body: {
					username: uniqueName('hai-vung'),
					displayName: 'Hai vùng',
					role: 'dispatcher',
					password: USER_PASSWORD,
					zones: [zoneA, zoneB]
				}
			});
			expect(outside.status).toBe(403);
			expect(outside.body.field).toBe('zones');
		});

		it('an administrator of both zones may still do the whole chain', async () => {
			const target = await sharedUser();
			const reset = await patch(adminBoth, target.id, { password: TAKEOVER_PASSWORD });
			expect(reset.status, JSON.stringify(reset.body)).toBe(200);
			const promote = await patch(adminBoth, target.id, { role: 'admin' });
			expect(promote.status).toBe(200);
			const as = await signIn(target.username, TAKEOVER_PASSWORD);
			expect(as.status).toBe(200);
			const zones = await send('/api/zones', { session: as.session });
			expect(zones.body.features.map((f: any) => f.properties.code).sort()).toEqual([
				'trang-due',
				'vung-b'
			]);
			const token = await send('/api/admin/tokens', {
				session: as.session,
				body: { name: 'Thiết bị vùng B', role: 'admin', zone: zoneB }
			} satisfies ApiRequest);
			expect(token.status).toBe(201);
			expect(token.body.zoneId).toBe(zoneB);
		});
	});
}
