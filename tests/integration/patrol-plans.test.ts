import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import type { Db, Queryable } from '../../src/lib/server/db/port';
import { refusalOf } from '../../src/lib/server/http';
import {
	createPlan,
	deletePlan,
	getPlan,
	listPlans,
	planBody,
	planHistory,
	planVersion,
	restorePlan,
	updatePlan
} from '../../src/lib/server/patrols/plans.service';
import {
	createRoute,
	deleteRoute,
	patchRoute,
	routeCoverage
} from '../../src/lib/server/patrols/routes.service';
import type { PatrolPlanCreate } from '../../src/lib/domain/patrol-plans';
import { demoZoneId, ENGINES, openTestDb, principalOf } from '../fixtures/db';
import { ROLES } from '../fixtures/constants';

/** Around the park's main gate on QL10 (inside the zone). */
const LINE = {
	type: 'LineString' as const,
	coordinates: [
		[106.5686, 20.8655],
		[106.5755, 20.8695]
	]
};
const SQUARE = {
	type: 'Polygon' as const,
	coordinates: [
		[
			[106.5595, 20.8785],
			[106.5675, 20.8785],
			[106.5675, 20.8835],
			[106.5595, 20.8835],
			[106.5595, 20.8785]
		]
	]
};
const BOWTIE = {
	type: 'Polygon' as const,
	coordinates: [
		[
			[106.56, 20.86],
			[106.57, 20.87],
			[106.57, 20.86],
			[106.56, 20.87],
			[106.56, 20.86]
		]
	]
};

function plan(overrides: Partial<PatrolPlanCreate> = {}): PatrolPlanCreate {
	return {
		name: 'Kế hoạch thử',
		validFrom: '2026-12-01',
		items: [
			{ kind: 'route', name: 'Tuyến cổng chính', geometry: LINE, bufferM: 150 },
			{ kind: 'area', name: 'Khu nhà trọ', geometry: SQUARE },
			{
				kind: 'stop',
				name: 'Cổng',
				geometry: { type: 'Point', coordinates: [106.5686, 20.8655] },
				route: 0
			}
		],
		shifts: [{ days: [6], start: '22:00', end: '06:00' }],
		...overrides
	};
}

/** What a refused call threw: SQLSTATE and the field the database named, or the Refusal. */
async function refusedWith(
	p: Promise<unknown>
): Promise<{ code?: string; column?: string; status?: number; message: string }> {
	try {
		await p;
	} catch (err) {
		const refusal = isHttpError(err) ? refusalOf(err) : undefined;
		if (refusal)
			return { status: refusal.status, column: refusal.body.field, message: refusal.body.message };
		const e = err as { code?: string; column?: string; column_name?: string; message: string };
		return { code: e.code, column: e.column ?? e.column_name, message: e.message };
	}
	throw new Error('the call was not refused');
}

for (const engine of ENGINES) {
	describe(`patrol plans on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		const who: Record<string, Principal> = {};
		const as = <T>(role: string, fn: (q: Queryable) => Promise<T>) =>
			db.asCaller(claimsOf(who[role]!), fn);

		beforeAll(async () => {
			db = await openTestDb(engine);
			zoneId = await demoZoneId(db);
			for (const r of ROLES) who[r] = await principalOf(db, r);
		});
		afterAll(async () => {
			await db?.close();
		});

		it('a planner creates a plan with a route, an area and a stop on the route, and reads it back', async () => {
			const saved = await as('planner', (q) => createPlan(q, zoneId, plan()));
			expect(saved.version).toBe(1);
			const p = (await as('planner', (q) => getPlan(q, saved.id)))!;
			expect(p.items.map((i) => [i.kind, i.name, i.bufferM])).toEqual([
				['route', 'Tuyến cổng chính', 150],
				['area', 'Khu nhà trọ', 150],
				['stop', 'Cổng', 150]
			]);
			expect(p.items[2]!.routeId).toBe(p.items[0]!.id);
			expect(p.items[2]!.dwellMin).toBe(15);
			expect(p.shifts).toEqual([{ days: [6], start: '22:00', end: '06:00' }]);
			expect(p.updatedBy).toBe(who.planner!.id);
		});

		it('commanders and administrators write plans too; dispatchers, the board, liaison officers and team leads may not', async () => {
			for (const r of ['commander', 'admin']) {
				await expect(
					as(r, (q) => createPlan(q, zoneId, plan({ name: `Plan of ${r}` })))
				).resolves.toBeTruthy();
			}
			for (const r of ['dispatcher', 'board', 'liaison', 'team_lead']) {
				const e = await refusedWith(as(r, (q) => createPlan(q, zoneId, plan())));
				expect(e.code, r).toBe('42501');
			}
		});

		it('a planner of another zone can neither write nor see the zone’s plans', async () => {
			const saved = await as('planner', (q) => createPlan(q, zoneId, plan()));
			const outsider = { ...who.planner!, zones: ['00000000-0000-4000-8000-000000000001'] };
			const asOutsider = <T>(fn: (q: Queryable) => Promise<T>) =>
				db.asCaller(claimsOf(outsider), fn);
			expect((await refusedWith(asOutsider((q) => createPlan(q, zoneId, plan())))).code).toBe(
				'42501'
			);
			expect(await asOutsider((q) => getPlan(q, saved.id))).toBeUndefined();
			const p = (await as('planner', (q) => getPlan(q, saved.id)))!;
			const e = await refusedWith(
				asOutsider((q) => updatePlan(q, saved.id, { ...planBody(p), name: 'x' }))
			);
			expect(e.code).toBe('P0002');
		});

		it('a liaison officer reads only the items inside their ward, and only plans that have one', async () => {
			// The demo liaison officer's ward is phường An Hải; the plan above lies in An Phong.
			const inside = await as('planner', async (q) => {
				const [c] = await q.query<{ lon: number; lat: number }>(
					`select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface(st_union(geom)) as p
					from admin_units where code = '11617' and valid_to is null) u`
				);
				return c!;
			});
			const saved = await as('planner', (q) =>
				createPlan(
					q,
					zoneId,
					plan({
						name: 'Hai phường',
						items: [
							{
								kind: 'stop',
								name: 'An Hải',
								geometry: { type: 'Point', coordinates: [inside.lon, inside.lat] }
							},
							{ kind: 'route', name: 'An Phong', geometry: LINE }
						]
					})
				)
			);
			const seen = (await as('liaison', (q) => getPlan(q, saved.id)))!;
			expect(seen.items.map((i) => i.name)).toEqual(['An Hải']);
			const elsewhere = await as('planner', (q) =>
				createPlan(q, zoneId, plan({ name: 'Chỉ An Phong' }))
			);
			expect(await as('liaison', (q) => getPlan(q, elsewhere.id))).toBeUndefined();
			const names = (await as('liaison', (q) => listPlans(q, zoneId))).map((p) => p.name);
			expect(names).toContain('Hai phường');
			expect(names).not.toContain('Chỉ An Phong');
		});

		it('a team lead reads the plans of their team only; the board reads every plan', async () => {
			const teamPlan = await as('planner', (q) =>
				createPlan(q, zoneId, plan({ name: 'Của tổ', teamId: who.team_lead!.team }))
			);
			const other = await as('planner', (q) =>
				createPlan(q, zoneId, plan({ name: 'Không của tổ' }))
			);
			expect((await as('team_lead', (q) => getPlan(q, teamPlan.id)))?.name).toBe('Của tổ');
			expect(await as('team_lead', (q) => getPlan(q, other.id))).toBeUndefined();
			expect((await as('board', (q) => getPlan(q, other.id)))?.items).toHaveLength(3);
		});

		it('refuses invalid items naming the item and the field, and saves nothing', async () => {
			const before = await db.query<{ n: number }>(`select count(*)::int as n from patrol_plans`);
			const cases: [Partial<PatrolPlanCreate>, string, RegExp][] = [
				[
					{ items: [{ kind: 'area', name: 'Nơ', geometry: BOWTIE }] },
					'items[0].geometry',
					/"Nơ" is not a valid geometry: Self-intersection/
				],
				[
					{ items: [{ kind: 'route', geometry: SQUARE } as never] },
					'items[0].geometry',
					/a route must be a LineString or MultiLineString, not a Polygon/
				],
				[
					{
						items: [
							{
								kind: 'route',
								geometry: {
									type: 'LineString',
									coordinates: [
										[105.0, 21.5],
										[105.01, 21.5]
									]
								}
							}
						]
					},
					'items[0].geometry',
					/more than 1 km outside the zone/
				],
				[
					{
						items: [
							{
								kind: 'route',
								geometry: {
									type: 'LineString',
									coordinates: [
										[20.86, 106.56],
										[20.87, 106.57]
									]
								}
							}
						]
					},
					'items[0].geometry',
					/out of range/
				],
				[
					{ items: [{ kind: 'route', geometry: LINE, bufferM: 10 }] },
					'items[0].bufferM',
					/between 25 and 1000/
				],
				[{ shifts: [{ days: [6], start: '22:00', end: '22:00' }] }, 'shifts[0].end', /must differ/],
				[
					{ shifts: [{ days: [0], start: '22:00', end: '06:00' }] },
					'shifts[0].days',
					/1 \(Monday\)/
				],
				[{ shifts: [{ days: [1], start: '7:00', end: '06:00' }] }, 'shifts[0].start', /HH:mm/],
				[{ validTo: '2026-01-01' }, 'validTo', /before validFrom/]
			];
			for (const [overrides, field, message] of cases) {
				const e = await refusedWith(as('planner', (q) => createPlan(q, zoneId, plan(overrides))));
				expect([e.code, e.column], field).toEqual(['22023', field]);
				expect(e.message).toMatch(message);
			}
			// An item in another CRS.
			const crs = await refusedWith(
				as('planner', (q) =>
					createPlan(
						q,
						zoneId,
						plan({
							items: [
								{
									kind: 'route',
									geometry: {
										...LINE,
										crs: { type: 'name', properties: { name: 'EPSG:3857' } }
									} as never
								}
							]
						})
					)
				)
			);
			expect(crs.message).toMatch(/EPSG:4326/);
			const after = await db.query<{ n: number }>(`select count(*)::int as n from patrol_plans`);
			expect(after).toEqual(before);
		});

		it('keeps every version; a save from a stale version is refused with 409 and loses nothing', async () => {
			const saved = await as('planner', (q) => createPlan(q, zoneId, plan()));
			const v1 = (await as('planner', (q) => getPlan(q, saved.id)))!;
			// Two planners open version 1; the commander saves first.
			const first = await as('commander', (q) =>
				updatePlan(q, saved.id, { ...planBody(v1), name: 'Sửa của chỉ huy' })
			);
			expect(first.version).toBe(2);
			const e = await refusedWith(
				as('planner', (q) =>
					updatePlan(q, saved.id, { ...planBody(v1), name: 'Sửa của cán bộ kế hoạch' })
				)
			);
			expect(e.status).toBe(409);
			expect(e.column).toBe('version');
			expect(e.message).toContain('2');
			const now = (await as('planner', (q) => getPlan(q, saved.id)))!;
			expect([now.name, now.version]).toEqual(['Sửa của chỉ huy', 2]);
			// The planner reloads and saves on top.
			await as('planner', (q) =>
				updatePlan(q, saved.id, {
					...planBody(now),
					name: 'Sửa của cán bộ kế hoạch',
					items: planBody(now).items.slice(0, 1)
				})
			);
			const history = await as('planner', (q) => planHistory(q, saved.id));
			expect(history.map((h) => [h.version, h.savedBy])).toEqual([
				[3, who.planner!.id],
				[2, who.commander!.id],
				[1, who.planner!.id]
			]);
			expect(history[1]!.savedByName).toBeTruthy();
			expect((await as('planner', (q) => planVersion(q, saved.id, 1)))!.items).toHaveLength(3);
		});

		it('restores an old version as a new one, item ids kept, and refuses a stale restore', async () => {
			const saved = await as('planner', (q) => createPlan(q, zoneId, plan()));
			const v1 = (await as('planner', (q) => getPlan(q, saved.id)))!;
			await as('planner', (q) =>
				updatePlan(q, saved.id, { ...planBody(v1), items: [], shifts: [] })
			);
			const r = await as('planner', (q) => restorePlan(q, saved.id, 1, 2));
			expect(r).toEqual({ id: saved.id, version: 3, restoredFrom: 1 });
			const v3 = (await as('planner', (q) => getPlan(q, saved.id)))!;
			expect(v3.items).toEqual(v1.items);
			expect(v3.shifts).toEqual(v1.shifts);
			expect((await refusedWith(as('planner', (q) => restorePlan(q, saved.id, 1, 2)))).status).toBe(
				409
			);
			expect((await as('planner', (q) => planHistory(q, saved.id)))[0]!.restoredFrom).toBe(1);
		});

		it('writes audit rows for the plan, its items and shifts, naming the planner', async () => {
			const saved = await as('planner', (q) => createPlan(q, zoneId, plan()));
			const rows = await db.query<{ entity: string; action: string; actor_id: string }>(
				`with ids as (
					select $1::uuid::text as id
					union select id::text from patrol_items where plan_id = $1::uuid
					union select id::text from patrol_shifts where plan_id = $1::uuid
					union select id::text from patrol_plan_versions where plan_id = $1::uuid
				)
				select entity, action, actor_id from audit_log
				where entity in ('patrol_plans', 'patrol_items', 'patrol_shifts', 'patrol_plan_versions')
					and entity_id in (select id from ids)`,
				[saved.id]
			);
			const kinds = new Set(rows.map((r) => `${r.entity}.${r.action}`));
			expect(kinds).toEqual(
				new Set([
					'patrol_plans.insert',
					'patrol_plans.update',
					'patrol_items.insert',
					'patrol_shifts.insert',
					'patrol_plan_versions.insert'
				])
			);
			expect(new Set(rows.map((r) => r.actor_id))).toEqual(new Set([who.planner!.id]));
		});

		it('no caller role writes the plan tables directly: only through the functions', async () => {
			const e = await refusedWith(
				as('planner', (q) =>
					q.query(`update patrol_plans set name = 'x' where zone_id = $1`, [zoneId])
				)
			);
			expect(e.code).toBe('42501');
			const f = await refusedWith(
				as('admin', (q) =>
					q.query(
						`insert into patrol_plan_versions (plan_id, zone_id, version, snapshot) select id, zone_id, 99, '{}' from patrol_plans limit 1`
					)
				)
			);
			expect(f.code).toBe('42501');
		});

		it('deletes a plan made from its current version, with its items, shifts and versions', async () => {
			const saved = await as('planner', (q) => createPlan(q, zoneId, plan()));
			await as('planner', (q) => deletePlan(q, saved.id, 1));
			const [n] = await db.query<{ n: number }>(
				`select (select count(*) from patrol_items where plan_id = $1) + (select count(*) from patrol_shifts where plan_id = $1)
					+ (select count(*) from patrol_plan_versions where plan_id = $1) as n`,
				[saved.id]
			);
			expect(Number(n!.n)).toBe(0);
		});
	});

	describe(`the patrol routes contract on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let planner: Principal;
		const as = <T>(fn: (q: Queryable) => Promise<T>) => db.asCaller(claimsOf(planner), fn);

		beforeAll(async () => {
			db = await openTestDb(engine);
			zoneId = await demoZoneId(db);
			planner = await principalOf(db, 'planner');
		});
		afterAll(async () => {
			await db?.close();
		});

		it('the demo routes were moved into plans and are listed as before, with their schedules', async () => {
			const rows = await as((q) =>
				q.query<{ name: string; schedule: unknown[]; buffer_m: number }>(
					`select name, schedule, buffer_m from patrol_routes order by name`
				)
			);
			expect(rows.map((r) => r.name)).toEqual([
				'Chợ Bắc Sơn – khu nhà trọ Lê Lợi (mô phỏng)',
				'Khu nhà trọ Hồng Phong (mô phỏng)',
				'Tuyến QL10 – mặt tiền KCN (mô phỏng)',
				'Tuyến vòng quanh KCN (mô phỏng)'
			]);
			expect(rows[2]!.schedule).toHaveLength(3);
			expect(rows[2]!.schedule[0]).toEqual({
				days: [1, 2, 3, 4, 5, 6, 7],
				start: '05:30',
				end: '07:00'
			});
		});

		it('POST creates a route with its shift and stops as a plan of its own; PATCH and DELETE change it', async () => {
			const id = await as((q) =>
				createRoute(q, zoneId, {
					name: 'Tuyến mới',
					geometry: LINE,
					bufferM: 200,
					shift: { days: [5, 6], start: '22:00', end: '02:00' },
					stops: [{ lon: 106.57, lat: 20.866, dwellMin: 12 }]
				})
			);
			const [row] = await as((q) =>
				q.query<{ name: string; buffer_m: number; schedule: unknown }>(
					`select name, buffer_m, schedule from patrol_routes where id = $1`,
					[id]
				)
			);
			expect(row).toEqual({
				name: 'Tuyến mới',
				buffer_m: 200,
				schedule: [{ days: [5, 6], start: '22:00', end: '02:00' }]
			});
			expect(
				await as((q) =>
					patchRoute(q, id, {
						bufferM: 300,
						shift: { days: [7], start: '20:00', end: '23:00' },
						stops: []
					})
				)
			).toBe(true);
			const [after] = await as((q) =>
				q.query<{ buffer_m: number; schedule: unknown; stops: number }>(
					`select r.buffer_m, r.schedule, (select count(*)::int from patrol_items s where s.route_id = r.id) as stops
					from patrol_routes r where r.id = $1`,
					[id]
				)
			);
			expect(after).toEqual({
				buffer_m: 300,
				schedule: [{ days: [7], start: '20:00', end: '23:00' }],
				stops: 0
			});
			expect(await as((q) => deleteRoute(q, id))).toBe(true);
			expect(await as((q) => q.query(`select 1 from patrol_routes where id = $1`, [id]))).toEqual(
				[]
			);
			expect(await as((q) => patchRoute(q, id, { name: 'x' }))).toBe(false);
		});

		it('the route coverage answers the contract’s fields', async () => {
			const id = await as((q) =>
				createRoute(q, zoneId, {
					name: 'Phủ',
					geometry: LINE,
					bufferM: 150,
					shift: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }
				})
			);
			const c = (await as((q) =>
				routeCoverage(
					q,
					id,
					new Date('2026-01-01T00:00:00+07:00'),
					new Date('2026-11-27T00:00:00+07:00')
				)
			))!;
			expect(Object.keys(c)).toEqual(
				expect.arrayContaining([
					'areaM2',
					'zoneSharePct',
					'incidentsInside',
					'incidentsTotal',
					'incidentsInsideDuringShift',
					'incidentsDuringShift',
					'geometry'
				])
			);
			expect(c.incidentsTotal).toBeGreaterThan(c.incidentsInside!);
			expect(c.incidentsInside).toBeGreaterThan(0);
			expect(
				await as((q) =>
					routeCoverage(q, '00000000-0000-4000-8000-000000000009', new Date(0), new Date())
				)
			).toBeUndefined();
		});
	});
}
