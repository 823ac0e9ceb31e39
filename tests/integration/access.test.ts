import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import { setDatabase } from '../../src/lib/server/db/instance';
import { ANON_CLAIMS, type Db } from '../../src/lib/server/db/port';
import { createUser } from '../../src/lib/server/auth/accounts';
import { zonesGeoJSON } from '../../src/lib/server/layers/zones.query';
import { ENGINES, openTestDb, principalOf } from '../fixtures/db';
import { send } from '../fixtures/api';
import { INSIDE_AN_HAI, OUTSIDE_AN_HAI, ROLES, TEST_UNTIL, type Role } from '../fixtures/constants';

function newIncident(at: { lon: number; lat: number }, description = 'Mất trộm xe máy (kiểm thử)') {
	return {
		category: 'theft',
		occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
		...at,
		description,
		reporterName: 'Nguyễn Văn A',
		reporterPhone: '0900000000'
	};
}

for (const engine of ENGINES) {
	describe(`access matrix on ${engine}`, () => {
		let db: Db;
		const who = {} as Record<Role, Principal>;
		let insideId: number;
		let outsideId: number;

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			for (const r of ROLES) who[r] = await principalOf(db, r);
			const a = await send('/api/incidents', {
				as: 'dispatcher',
				body: newIncident(INSIDE_AN_HAI)
			});
			const b = await send('/api/incidents', {
				as: 'dispatcher',
				body: newIncident(OUTSIDE_AN_HAI)
			});
			expect([a.status, b.status]).toEqual([201, 201]);
			insideId = a.body.id;
			outsideId = b.body.id;
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('the two test points lie 10 m inside and 10 m outside the liaison unit', async () => {
			const [row] = await db.query<{
				inside: boolean;
				outside: boolean;
				d_in: number;
				d_out: number;
			}>(
				`with u as (select geom from admin_units where code = '11617' and valid_to is null),
					p as (select st_setsrid(st_makepoint($1, $2), 4326) as a, st_setsrid(st_makepoint($3, $4), 4326) as b)
				select st_covers(u.geom, p.a) as inside, st_covers(u.geom, p.b) as outside,
					st_distance(st_boundary(u.geom)::geography, p.a::geography) as d_in,
					st_distance(st_boundary(u.geom)::geography, p.b::geography) as d_out
				from u, p`,
				[INSIDE_AN_HAI.lon, INSIDE_AN_HAI.lat, OUTSIDE_AN_HAI.lon, OUTSIDE_AN_HAI.lat]
			);
			expect(row).toMatchObject({ inside: true, outside: false });
			expect(row!.d_in).toBeGreaterThan(8);
			expect(row!.d_out).toBeGreaterThan(8);
			expect(row!.d_out).toBeLessThan(12);
		});

		// Reading incident rows (list, columns, one) ----------------------------------------------
		const LIST: Record<Role, 'all' | 'own-unit' | 403> = {
			admin: 'all',
			commander: 'all',
			dispatcher: 'all',
			planner: 'all',
			board: 403,
			liaison: 'own-unit',
			team_lead: 403
		};
		it.each(ROLES)('GET /api/incidents as %s', async (role) => {
			const res = await send('/api/incidents?from=2026-01-01', {
				as: role
			});
			const expected = LIST[role];
			if (expected === 403) {
				expect(res.status).toBe(403);
				return;
			}
			expect(res.status).toBe(200);
			const ids = res.body.features.map((f: any) => f.id);
			expect(ids).toContain(insideId);
			if (expected === 'all') {
				expect(ids).toContain(outsideId);
				expect(ids.length).toBeGreaterThan(500);
			} else {
				expect(ids).not.toContain(outsideId);
				// Everything a liaison sees lies inside An Hải.
				const [row] = await db.query<{ n: number }>(
					`select count(*)::int as n from admin_units u, unnest($1::float8[], $2::float8[]) as p(lon, lat)
					where u.code = '11617' and u.valid_to is null and not st_covers(u.geom, st_setsrid(st_makepoint(p.lon, p.lat), 4326))`,
					[
						res.body.features.map((f: any) => f.geometry.coordinates[0]),
						res.body.features.map((f: any) => f.geometry.coordinates[1])
					]
				);
				expect(row!.n).toBe(0);
			}
		});

		it.each(['board', 'team_lead'] as const)(
			'GET /api/incidents/columns as %s is refused',
			async (role) => {
				const res = await send('/api/incidents/columns', { as: role });
				expect(res.status).toBe(403);
			}
		);

		const DETAILS: Record<Role, 'with-details' | 'no-details' | 404 | 403> = {
			admin: 'with-details',
			commander: 'with-details',
			dispatcher: 'with-details',
			planner: 'no-details',
			board: 403,
			liaison: 'with-details',
			team_lead: 403
		};
		it.each(ROLES)('GET /api/incidents/:id (personal fields) as %s', async (role) => {
			const res = await send(`/api/incidents/${insideId}`, {
				as: role
			});
			const expected = DETAILS[role];
			if (typeof expected === 'number') {
				expect(res.status).toBe(expected);
				return;
			}
			expect(res.status).toBe(200);
			expect(res.body.id).toBe(insideId);
			if (expected === 'with-details') {
				expect(res.body.details).toMatchObject({
					reporterName: 'Nguyễn Văn A',
					reporterPhone: '0900000000'
				});
			} else {
				expect(res.body.details).toBeUndefined();
				expect(JSON.stringify(res.body)).not.toContain('0900000000');
			}
		});

		it('hides an incident 10 m outside the liaison unit, even by id', async () => {
			const res = await send(`/api/incidents/${outsideId}`, {
				as: 'liaison'
			});
			expect(res.status).toBe(404);
		});

		it('records every read of personal fields in the audit trail, with who and from where', async () => {
			await send(`/api/incidents/${insideId}`, {
				as: 'commander'
			});
			const rows = await db.query<{ actor_id: string; actor_role: string; ip: string }>(
				`select actor_id, actor_role, ip from audit_log where action = 'read.personal' and entity_id = $1 order by id desc limit 1`,
				[String(insideId)]
			);
			expect(rows[0]).toEqual({
				actor_id: who.commander.id,
				actor_role: 'commander',
				ip: '203.0.113.7'
			});
		});

		// Writing incidents -----------------------------------------------------------------------
		const CREATE: Record<Role, number> = {
			admin: 201,
			commander: 403,
			dispatcher: 201,
			planner: 403,
			board: 403,
			liaison: 201,
			team_lead: 403
		};
		it.each(ROLES)('POST /api/incidents inside An Hải as %s', async (role) => {
			const before = await db.query<{ n: number }>('select count(*)::int as n from incidents');
			const res = await send('/api/incidents', {
				as: role,
				body: newIncident(INSIDE_AN_HAI)
			});
			expect(res.status).toBe(CREATE[role]);
			const after = await db.query<{ n: number }>('select count(*)::int as n from incidents');
			expect(after[0]!.n - before[0]!.n).toBe(CREATE[role] === 201 ? 1 : 0);
		});

		it('refuses a liaison creating an incident 10 m outside their unit', async () => {
			const res = await send('/api/incidents', {
				as: 'liaison',
				body: newIncident(OUTSIDE_AN_HAI)
			});
			expect(res.status).toBe(403);
		});

		it('answers a point outside the zone with code outside_zone and stores it only once confirmed', async () => {
			// The Kiền bridge end of QL10 (20.918 N 106.612 E) lies north of the demo zone.
			const outside = { lon: 106.64, lat: 20.95 };
			const count = async () =>
				(await db.query<{ n: number }>('select count(*)::int as n from incidents'))[0]!.n;
			const before = await count();
			const refused = await send('/api/incidents', {
				as: 'dispatcher',
				body: newIncident(outside)
			});
			expect(refused.status).toBe(400);
			expect(refused.body).toMatchObject({ field: 'lon', code: 'outside_zone' });
			expect(await count()).toBe(before);
			const confirmed = await send('/api/incidents', {
				as: 'dispatcher',
				body: { ...newIncident(outside), confirmOutsideZone: true }
			});
			expect(confirmed.status).toBe(201);
			expect(await count()).toBe(before + 1);
		});

		const PATCH: Record<Role, number> = {
			admin: 200,
			commander: 403,
			dispatcher: 200,
			planner: 403,
			board: 403,
			liaison: 200,
			team_lead: 403
		};
		it.each(ROLES)('PATCH /api/incidents/:id (severity) as %s', async (role) => {
			const res = await send(`/api/incidents/${insideId}`, {
				as: role,
				method: 'PATCH',
				body: { severity: 2 }
			});
			// Roles that cannot see the row at all get 404; the rest that may not write get 403.
			const expected = PATCH[role];
			if (expected === 403 && (role === 'board' || role === 'team_lead'))
				expect([403, 404]).toContain(res.status);
			else expect(res.status).toBe(expected);
		});

		it('moves an incident only forward along its status workflow', async () => {
			const go = (status: string) =>
				send(`/api/incidents/${insideId}`, {
					as: 'dispatcher',
					method: 'PATCH',
					body: { status }
				});
			expect((await go('handling')).status).toBe(200);
			expect((await go('new')).status).toBe(409);
			expect((await go('resolved')).status).toBe(200);
			const res = await go('handling');
			expect(res.status).toBe(409);
			expect(res.body.field).toBe('status');
		});

		// Aggregates --------------------------------------------------------------------------------
		const AGG: Record<Role, number> = {
			admin: 200,
			commander: 200,
			dispatcher: 200,
			planner: 200,
			board: 200,
			liaison: 403,
			team_lead: 403
		};
		it.each(ROLES)('GET /api/incidents/hexbins and /api/stats/incidents as %s', async (role) => {
			const bins = await send('/api/incidents/hexbins?from=2026-01-01&to=2026-11-27', {
				as: role
			});
			const counts = await send('/api/stats/incidents?from=2026-01-01&to=2026-11-27', {
				as: role
			});
			expect(bins.status).toBe(AGG[role]);
			expect(counts.status).toBe(AGG[role]);
			if (AGG[role] === 200) {
				const total = bins.body.features.reduce((s: number, f: any) => s + f.properties.count, 0);
				expect(total).toBe(bins.body.total);
				// The board's counts are protected (disclosure.test.ts), each answer on its own cells.
				if (role !== 'board') expect(total).toBe(counts.body.total);
				expect(counts.body.byCategory.theft).toBeGreaterThan(0);
			}
		});

		it('lets the board count incidents without reading a single row, even in SQL', async () => {
			await expect(
				db.asCaller(claimsOf(who.board), (q) =>
					q.query<{ n: number }>('select count(*)::int as n from incidents')
				)
			).resolves.toEqual([{ n: 0 }]);
			// Details are never selectable by a caller (read through app.read_incident_details, which
			// audits), and the policy hides even their ids from the board.
			await expect(
				db.asCaller(claimsOf(who.board), (q) => q.query('select description from incident_details'))
			).rejects.toMatchObject({ code: '42501' });
			await expect(
				db.asCaller(claimsOf(who.board), (q) => q.query('select incident_id from incident_details'))
			).resolves.toEqual([]);
			await expect(
				db.asCaller(claimsOf(who.board), (q) => q.query('select id from tips'))
			).resolves.toEqual([]);
		});

		it('lets the planner read incidents but not one description or personal field, even in SQL', async () => {
			const rows = await db.asCaller(claimsOf(who.planner), (q) =>
				q.query<{ n: number }>('select count(*)::int as n from incidents')
			);
			expect(rows[0]!.n).toBeGreaterThan(500);
			await expect(
				db.asCaller(claimsOf(who.planner), (q) => q.query('select * from incident_details'))
			).rejects.toMatchObject({ code: '42501' });
			await expect(
				db.asCaller(claimsOf(who.planner), (q) =>
					q.query('select incident_id from incident_details')
				)
			).resolves.toEqual([]);
			await expect(
				db.asCaller(claimsOf(who.planner), (q) =>
					q.query('select * from app.read_incident_details($1)', [insideId])
				)
			).resolves.toEqual([]);
		});

		// Other layers and team reports ---------------------------------------------------------
		it.each(ROLES)('GET /api/accidents as %s', async (role) => {
			const res = await send('/api/accidents', { as: role });
			expect(res.status).toBe(200);
			const n = res.body.features.length;
			if (role === 'team_lead') expect(n).toBe(0);
			else if (role === 'liaison') expect(n).toBeLessThan(40);
			else expect(n).toBeGreaterThan(100);
		});

		it.each(ROLES)(
			'GET /api/accidents/black-spots as %s follows the accidents it may read',
			async (role) => {
				const res = await send(`/api/accidents/black-spots?to=${TEST_UNTIL.toISOString()}`, {
					as: role
				});
				expect(res.status).toBe(200);
				const n = res.body.features.length;
				if (role === 'team_lead') expect(n).toBe(0);
				else if (role !== 'liaison') expect(n).toBeGreaterThan(0);
			}
		);

		it('a team lead files a report for their team and reads only their own', async () => {
			const ok = await send('/api/team-reports', {
				as: 'team_lead',
				body: {
					kind: 'patrol',
					description: 'Tuần tra khu nhà xưởng, bình thường',
					occurredAt: new Date().toISOString()
				}
			});
			expect(ok.status).toBe(201);
			const refused = await send('/api/team-reports', {
				as: 'dispatcher',
				body: { kind: 'patrol', description: 'x', occurredAt: new Date().toISOString() }
			});
			expect(refused.status).toBe(403);
			const mine = await send('/api/team-reports', { as: 'team_lead' });
			expect(mine.body.reports.map((r: any) => r.id)).toEqual([ok.body.id]);
			const planner = await send('/api/team-reports', { as: 'planner' });
			expect(planner.body.reports).toEqual([]);
		});

		it('shows every role only the zones in its scope', async () => {
			for (const role of ROLES) {
				const res = await send('/api/zones', { as: role });
				expect(res.body.features.map((f: any) => f.properties.code)).toEqual(['trang-due']);
			}
			// A commander with no zone at all.
			await createUser(db, {
				username: 'stranger',
				displayName: 'Không có vùng',
				role: 'commander',
				password: 'Không-có-vùng-nào-2026',
				zones: []
			});
			const res = await send('/api/zones', { as: 'stranger' });
			expect(res.body.features).toEqual([]);
		});

		it('gives an anonymous caller nothing from the read API', async () => {
			expect((await send('/api/zones')).status).toBe(401);
			// Nor does the database, asked as anon without the hooks.
			await expect(db.asCaller(ANON_CLAIMS, zonesGeoJSON)).rejects.toThrow(/permission denied/);
		});
	});
}
