import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/lib/server/auth/accounts';
import { DEFAULT_AUTH } from '../../src/lib/server/auth/config';
import { createSession } from '../../src/lib/server/auth/sessions';
import { newTokenValue } from '../../src/lib/server/auth/tokens';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';
import { send, type ApiRequest } from '../fixtures/api';

/**
 * Issue 11: the patrol endpoints through the real hooks (sessions, tokens, language, error
 * shape), on every engine: the stable routes contract, plans with versions, the analyses, files
 * and positions; and for each, bad input, a role that may not, and another zone's plan.
 */

/** Along QL10 by the park's main gate (inside the demo zone). */
const LINE = {
	type: 'LineString',
	coordinates: [
		[106.5686, 20.8655],
		[106.5755, 20.8695]
	]
};
const SHIFT = { days: [6], start: '22:00', end: '06:00' };
const PERIOD = 'from=2025-01-01&to=2026-11-01';
const ROUTE = { name: 'Tuyến QL10 đêm', geometry: LINE, bufferM: 150, shift: SHIFT };
const planBody = (name = 'Kế hoạch cổng chính') => ({
	name,
	validFrom: '2026-01-01',
	items: [
		{ kind: 'route', geometry: LINE, bufferM: 150 },
		{ kind: 'stop', geometry: { type: 'Point', coordinates: [106.57, 20.867] }, dwellMin: 15 }
	],
	shifts: [SHIFT]
});
const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();

for (const engine of ENGINES) {
	describe(`patrol endpoints through the hooks on ${engine}`, () => {
		let db: Db;
		const session: Record<string, string> = {};
		let planB: string;
		let device: string;

		const as = (who: string, opts: ApiRequest = {}): ApiRequest => ({
			...opts,
			session: session[who],
			headers: { 'accept-language': 'en', ...opts.headers }
		});
		const planCount = async () =>
			Number((await db.query<{ n: string }>('select count(*)::text as n from patrol_plans'))[0]!.n);

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test', auth: DEFAULT_AUTH });
			const zoneA = await demoZoneId(db);
			const [b] = await db.query<{ id: string }>(
				`insert into zones (code, name, boundary, valid_from)
				values ('vung-tuan-tra-b', 'Vùng thử nghiệm B',
					st_multi(st_makeenvelope(106.50, 20.80, 106.55, 20.85, 4326)), '2020-01-01')
				returning id`
			);
			const meta = { ip: '198.51.100.9', userAgent: 'vitest' };
			const policy = { idleMinutes: 60, absoluteHours: 8 };
			for (const role of ['admin', 'commander', 'dispatcher', 'planner', 'board', 'team_lead']) {
				const [u] = await db.query<{ id: string }>(`select id from app_users where username = $1`, [
					role
				]);
				session[role] = (await createSession(db, u!.id, policy, meta)).token;
			}
			const plannerB = await createUser(db, {
				username: `lapkehoach.b.${engine}`,
				displayName: 'Lập kế hoạch vùng B',
				role: 'planner',
				password: 'Kế-hoạch-vùng-B-2026',
				zones: [b!.id]
			});
			session.plannerB = (await createSession(db, plannerB, policy, meta)).token;
			const made = await send('/api/patrol-plans', {
				...as('plannerB'),
				body: {
					...planBody('Kế hoạch vùng B'),
					items: [
						{
							kind: 'route',
							geometry: {
								type: 'LineString',
								coordinates: [
									[106.51, 20.81],
									[106.52, 20.82]
								]
							}
						}
					]
				}
			});
			expect(made.status, JSON.stringify(made.body)).toBe(201);
			planB = made.body.id;
			const token = newTokenValue();
			await db.query(
				`insert into api_tokens (name, token_hash, prefix, role, zone_id)
				values ('thiết bị tuần tra', $1, $2, 'dispatcher', $3)`,
				[token.hash, token.prefix, zoneA]
			);
			device = token.value;
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('creates a route through the stable contract (201 {id}), reads its coverage, changes and deletes it', async () => {
			const made = await send('/api/patrol-routes', { ...as('planner'), body: ROUTE });
			expect(made.status, JSON.stringify(made.body)).toBe(201);
			expect(Object.keys(made.body)).toEqual(['id']);
			const id = made.body.id;
			const cov = await send(`/api/patrol-routes/${id}/coverage?${PERIOD}`, as('commander'));
			expect(cov.status).toBe(200);
			expect(cov.body.areaM2).toBeGreaterThan(100_000);
			expect(cov.body.incidentsTotal).toBeGreaterThanOrEqual(cov.body.incidentsInside);
			for (const k of [
				'zoneSharePct',
				'incidentsInsideDuringShift',
				'incidentsDuringShift',
				'geometry'
			])
				expect(cov.body).toHaveProperty(k);
			const patched = await send(`/api/patrol-routes/${id}`, {
				...as('commander'),
				method: 'PATCH',
				body: { bufferM: 300 }
			});
			expect(patched.status).toBe(204);
			const wider = await send(`/api/patrol-routes/${id}/coverage?${PERIOD}`, as('commander'));
			expect(wider.body.areaM2).toBeGreaterThan(cov.body.areaM2 * 1.5);
			const gone = await send(`/api/patrol-routes/${id}`, { ...as('admin'), method: 'DELETE' });
			expect(gone.status).toBe(204);
			const after = await send(`/api/patrol-routes/${id}/coverage?${PERIOD}`, as('commander'));
			expect(after.status).toBe(404);
		});

		it('saves plans as versions, refuses a stale save with 409 naming both versions, and restores', async () => {
			const made = await send('/api/patrol-plans', { ...as('planner'), body: planBody() });
			expect(made.status).toBe(201);
			const id = made.body.id;
			const v2 = await send(`/api/patrol-plans/${id}`, {
				...as('planner'),
				method: 'PUT',
				body: { ...planBody('Đổi tên'), version: 1 }
			});
			expect(v2.body).toMatchObject({ id, version: 2 });
			const stale = await send(`/api/patrol-plans/${id}`, {
				...as('commander'),
				method: 'PUT',
				body: { ...planBody('Sửa song song'), version: 1 }
			});
			expect(stale.status).toBe(409);
			expect(stale.body).toMatchObject({ field: 'version', code: 'plan_stale' });
			expect(stale.body.error).toMatch(/2.*1/);
			expect((await send(`/api/patrol-plans/${id}`, as('planner'))).body.name).toBe('Đổi tên');
			const history = await send(`/api/patrol-plans/${id}/versions`, as('planner'));
			expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
			const old = await send(`/api/patrol-plans/${id}/versions/1`, as('planner'));
			expect(old.body.plan.name).toBe('Kế hoạch cổng chính');
			const back = await send(`/api/patrol-plans/${id}/restore`, {
				...as('planner'),
				body: { restore: 1, version: 2 }
			});
			expect(back.body).toMatchObject({ version: 3, restoredFrom: 1 });
			expect((await send(`/api/patrol-plans/${id}`, as('planner'))).body.name).toBe(
				'Kế hoạch cổng chính'
			);
			const list = await send('/api/patrol-plans', as('dispatcher'));
			expect(list.body.plans.some((p: { id: string }) => p.id === id)).toBe(true);
			const del = await send(`/api/patrol-plans/${id}?version=3`, {
				...as('planner'),
				method: 'DELETE'
			});
			expect(del.status).toBe(204);
		});

		it('answers the analyses and files of a plan: matrix 7 × 24, hotspots, dosage, proposal, export, import', async () => {
			const id = (await send('/api/patrol-plans', { ...as('planner'), body: planBody() })).body.id;
			const matrix = await send(`/api/patrol-plans/${id}/hour-of-week?${PERIOD}`, as('planner'));
			expect(matrix.body.cells).toHaveLength(168);
			// Saturday 22:00 is planned in full.
			expect(
				matrix.body.cells.find((c: { day: number; hour: number }) => c.day === 6 && c.hour === 22)
					.plannedMinutes
			).toBe(60);
			const spots = await send(`/api/patrol-plans/${id}/hotspots?${PERIOD}&limit=3`, as('planner'));
			expect(spots.body.hotspots.length).toBeGreaterThan(0);
			expect(spots.body.hotspots[0].stop).toHaveLength(2);
			const dose = await send(`/api/patrol-plans/${id}/dosage?${PERIOD}`, as('planner'));
			expect(dose.body.stops[0]).toMatchObject({ dwellMin: 15, perVisit: 'koper' });
			const prop = await send(
				`/api/patrol-plans/${id}/proposal?${PERIOD}&k=3&seed=5`,
				as('planner')
			);
			expect(prop.body.stops).toHaveLength(3);
			expect(prop.body.covered).toBeLessThanOrEqual(prop.body.optimumAtMost);
			expect(prop.body.visits.length).toBe(3);
			const again = await send(
				`/api/patrol-plans/${id}/proposal?${PERIOD}&k=3&seed=5`,
				as('planner')
			);
			expect(again.body.visits).toEqual(prop.body.visits);
			const cov = await send(`/api/patrol-plans/${id}/coverage?${PERIOD}`, as('board'));
			expect(cov.status).toBe(200);
			const kml = await send(`/api/patrol-plans/${id}/export?format=kml`, as('planner'));
			expect(kml.headers.get('content-type')).toContain('kml');
			const back = await send('/api/patrol-plans/import', {
				...as('planner'),
				body: { text: kml.body, fileName: 'ke-hoach.kml' }
			});
			expect(back.status, JSON.stringify(back.body)).toBe(200);
			expect(back.body.items.map((i: { kind: string }) => i.kind).sort()).toEqual([
				'route',
				'stop'
			]);
		});

		it('refuses bad input with a 400 naming the field, and saves nothing', async () => {
			const id = (await send('/api/patrol-plans', { ...as('planner'), body: planBody() })).body.id;
			const before = await planCount();
			const cases: [string, ApiRequest, string][] = [
				['/api/patrol-routes', { body: { ...ROUTE, bufferM: 24 } }, 'bufferM'],
				['/api/patrol-routes', { body: { ...ROUTE, bufferM: 1001 } }, 'bufferM'],
				[
					'/api/patrol-routes',
					{ body: { ...ROUTE, geometry: { type: 'Point', coordinates: [106.57, 20.86] } } },
					'geometry.type'
				],
				[
					'/api/patrol-routes',
					{ body: { ...ROUTE, shift: { ...SHIFT, end: '22:00' } } },
					'shift.end'
				],
				[
					'/api/patrol-routes',
					{ body: { ...ROUTE, shift: { ...SHIFT, days: [8] } } },
					'shift.days.0'
				],
				[
					'/api/patrol-routes',
					{
						body: {
							...ROUTE,
							geometry: {
								...LINE,
								coordinates: [
									[20.86, 106.57],
									[20.87, 106.58]
								]
							}
						}
					},
					'geometry.coordinates.0'
				],
				['/api/patrol-plans', { body: { ...planBody(), validTo: '2025-01-01' } }, 'validTo'],
				[`/api/patrol-plans/${id}`, { method: 'PUT', body: planBody() }, 'version'],
				[`/api/patrol-plans/${id}/restore`, { body: { restore: 0, version: 1 } }, 'restore'],
				[`/api/patrol-routes/${id}/coverage?from=2026-02-01&to=2026-01-01`, {}, 'to'],
				[`/api/patrol-routes/${id}/coverage?from=2026-02-30&to=2026-03-01`, {}, 'from'],
				[`/api/patrol-plans/not-a-uuid`, {}, 'id'],
				[`/api/patrol-plans/${id}/versions/0`, {}, 'version'],
				[`/api/patrol-plans/${id}/hotspots?${PERIOD}&mode=sometimes`, {}, 'mode'],
				[`/api/patrol-plans/${id}/proposal?${PERIOD}&k=0`, {}, 'k'],
				[`/api/patrol-plans/${id}/proposal?${PERIOD}&k=3&radiusM=5000`, {}, 'radiusM'],
				[`/api/patrol-plans/${id}/export?format=pdf`, {}, 'format'],
				['/api/patrol-plans/import', { body: { text: '<kml><Placemark>' } }, 'text'],
				['/api/patrol-positions', { body: { unit: 'CA-AP-1' } }, 'body']
			];
			for (const [path, opts, field] of cases) {
				const res = await send(path, as('planner', opts));
				expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(400);
				expect(res.body.field, path).toBe(field);
				expect(res.body.error, path).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
			}
			expect(await planCount()).toBe(before);
			// A broken file says where.
			const xml = await send('/api/patrol-plans/import', {
				...as('planner'),
				body: { text: '<kml>\n<Placemark>\n<name>x</nam>\n</Placemark></kml>', format: 'kml' }
			});
			expect(xml.body).toMatchObject({ code: 'file.xml' });
			expect(xml.body.error).toMatch(/line 3/);
		});

		it('refuses writes from roles that do not plan patrols, and asks who is calling first', async () => {
			const id = (await send('/api/patrol-plans', { ...as('planner'), body: planBody() })).body.id;
			const before = await planCount();
			for (const role of ['dispatcher', 'board', 'team_lead']) {
				const writes: [string, ApiRequest][] = [
					['/api/patrol-routes', { body: ROUTE }],
					['/api/patrol-plans', { body: planBody() }],
					[`/api/patrol-plans/${id}`, { method: 'PUT', body: { ...planBody(), version: 1 } }],
					[`/api/patrol-plans/${id}?version=1`, { method: 'DELETE' }],
					[`/api/patrol-plans/${id}/restore`, { body: { restore: 1, version: 1 } }],
					['/api/patrol-plans/import', { body: { text: '{}' } }]
				];
				for (const [path, opts] of writes) {
					const res = await send(path, as(role, opts));
					expect(res.status, `${role} ${path}`).toBe(403);
					expect(res.body.error).toMatch(/planners, commanders and administrators/);
				}
			}
			// The board gets the coverage summary, not incidents by place and hour.
			for (const a of ['hour-of-week', 'hotspots', 'dosage', 'proposal']) {
				const res = await send(
					`/api/patrol-plans/${id}/${a}?${PERIOD}&k=3`.replace(a === 'proposal' ? '' : '&k=3', ''),
					as('board')
				);
				expect(res.status, a).toBe(403);
			}
			// Positions are read by the command and planners only.
			expect((await send('/api/patrol-positions/live', as('board'))).status).toBe(403);
			const anon = await send('/api/patrol-routes', { body: ROUTE });
			expect(anon.status).toBe(401);
			expect(await planCount()).toBe(before);
		});

		it('keeps another zone’s plans out of reach: not found to read or change, refused to create there', async () => {
			const before = await planCount();
			const reads = [
				`/api/patrol-plans/${planB}`,
				`/api/patrol-plans/${planB}/versions/1`,
				`/api/patrol-plans/${planB}/coverage?${PERIOD}`,
				`/api/patrol-plans/${planB}/hour-of-week?${PERIOD}`,
				`/api/patrol-plans/${planB}/hotspots?${PERIOD}`,
				`/api/patrol-plans/${planB}/proposal?${PERIOD}&k=2`,
				`/api/patrol-plans/${planB}/export?format=geojson`,
				'/api/patrol-plans?zone=vung-tuan-tra-b',
				'/api/patrol-positions/live?zone=vung-tuan-tra-b'
			];
			for (const path of reads) {
				const res = await send(path, as('planner'));
				expect(res.status, path).toBe(404);
			}
			const history = await send(`/api/patrol-plans/${planB}/versions`, as('planner'));
			expect(history.body.versions ?? []).toEqual([]);
			const writes: [string, ApiRequest, number][] = [
				[`/api/patrol-plans/${planB}`, { method: 'PUT', body: { ...planBody(), version: 1 } }, 404],
				[`/api/patrol-plans/${planB}?version=1`, { method: 'DELETE' }, 404],
				[`/api/patrol-plans/${planB}/restore`, { body: { restore: 1, version: 1 } }, 404],
				['/api/patrol-routes?zone=vung-tuan-tra-b', { body: ROUTE }, 404]
			];
			for (const [path, opts, status] of writes) {
				const res = await send(path, as('planner', opts));
				expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(status);
			}
			const [zb] = await db.query<{ id: string }>(
				`select id from zones where code = 'vung-tuan-tra-b'`
			);
			const there = await send('/api/patrol-plans', {
				...as('planner'),
				body: { ...planBody(), zoneId: zb!.id }
			});
			expect(there.status).toBe(403);
			const posted = await send('/api/patrol-positions?zone=vung-tuan-tra-b', {
				headers: { authorization: `Bearer ${device}` },
				body: [{ unit: 'CA-AP-1', ts: secondsAgo(5), lon: 106.51, lat: 20.81 }]
			});
			expect(posted.status).toBe(404);
			expect(await planCount()).toBe(before);
			const [b] = await db.query<{ name: string; version: number }>(
				`select name, version from patrol_plans where id = $1`,
				[planB]
			);
			expect(b).toEqual({ name: 'Kế hoạch vùng B', version: 1 });
		});

		it('takes a device’s positions with its token: 202, each refused item with its index and reason, idempotent', async () => {
			const bearer = { authorization: `Bearer ${device}` };
			const batch = [
				{ unit: 'CA-AP-1', ts: secondsAgo(30), lon: 106.5686, lat: 20.8655, accuracyM: 8 },
				{ unit: 'KHONG-CO', ts: secondsAgo(30), lon: 106.5686, lat: 20.8655 },
				{ unit: 'CA-AP-1', ts: secondsAgo(-3600), lon: 106.5686, lat: 20.8655 },
				{ unit: 'CA-AP-1', ts: secondsAgo(25 * 3600), lon: 106.5686, lat: 20.8655 },
				{ unit: 'CA-AP-1', ts: secondsAgo(20), lon: 206.5, lat: 20.8655 },
				{ unit: 'CA-AP-1', lon: 106.5686, lat: 20.8655 }
			];
			const res = await send('/api/patrol-positions', { headers: bearer, body: batch });
			expect(res.status).toBe(202);
			expect(res.body).toEqual({
				accepted: 1,
				duplicates: 0,
				rejected: [
					{ index: 1, reason: 'unknown_unit' },
					{ index: 2, reason: 'in_future' },
					{ index: 3, reason: 'too_old' },
					{ index: 4, reason: 'coordinates_out_of_range' },
					{ index: 5, reason: 'malformed' }
				]
			});
			const again = await send('/api/patrol-positions', { headers: bearer, body: [batch[0]] });
			expect(again.body).toMatchObject({ accepted: 1, duplicates: 1 });
			const seen = await send('/api/patrol-positions/live', as('commander'));
			const unit = seen.body.features.find(
				(f: { properties: { unit: string } }) => f.properties.unit === 'CA-AP-1'
			);
			expect(unit.properties.stale).toBe(false);
			expect(unit.geometry.coordinates).toEqual([106.5686, 20.8655]);
		});
	});
}
