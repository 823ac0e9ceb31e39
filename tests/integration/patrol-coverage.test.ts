import {
	booleanPointInPolygon,
	distance,
	feature,
	point,
	pointToLineDistance,
	polygonToLine
} from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import type { Db, Queryable } from '../../src/lib/server/db/port';
import { createPlan, getPlan } from '../../src/lib/server/patrols/plans.service';
import {
	dosage,
	hourOfWeek,
	planCoverage,
	proposeStops,
	uncoveredHotspots
} from '../../src/lib/server/patrols/coverage.query';
import { previewCoverage } from '../../src/lib/geo/patrol-coverage';
import {
	isShiftActive,
	presenceByHourOfWeek,
	type Shift
} from '../../src/lib/domain/patrol-shifts';
import type { PatrolPlan, PatrolPlanCreate } from '../../src/lib/domain/patrol-plans';
import { Random } from '../../src/lib/domain/random';
import { demoZoneId, ENGINES, openTestDb, principalOf } from '../fixtures/db';

/** The demo data's last year (the test template ends on 2026-11-27). */
const FROM = new Date('2025-12-01T00:00:00+07:00');
const TO = new Date('2026-11-27T00:00:00+07:00');
/** A fortnight before the demo data starts: holds only the incidents a test puts there. */
const EMPTY_FROM = new Date('2022-10-31T00:00:00+07:00');
const EMPTY_TO = new Date('2022-11-14T00:00:00+07:00');

const NIGHT: Shift = { days: [6], start: '22:00', end: '06:00' };
const SUNDAY_NIGHT: Shift = { days: [7], start: '22:00', end: '06:00' };
const SHIFTS: Shift[] = [
	NIGHT,
	{ days: [1, 2, 3, 4, 5], start: '06:30', end: '09:00' },
	SUNDAY_NIGHT
];

/** The demo QL10 frontage, a loop by the dormitories that leaves the zone, an area and stops. */
const PLAN: PatrolPlanCreate = {
	name: 'Vùng phủ thử',
	validFrom: '2026-01-01',
	items: [
		{
			kind: 'route',
			name: 'QL10',
			geometry: {
				type: 'MultiLineString',
				coordinates: [
					[
						[106.5958, 20.8838],
						[106.582, 20.8745],
						[106.5755, 20.8698],
						[106.5695, 20.8655],
						[106.5645, 20.8575]
					],
					[
						[106.5575, 20.8815],
						[106.5645, 20.8805],
						[106.5652, 20.876]
					]
				]
			},
			bufferM: 150
		},
		{
			kind: 'area',
			name: 'Khu nhà trọ',
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[106.5595, 20.8785],
						[106.5675, 20.8785],
						[106.5675, 20.8835],
						[106.5595, 20.8835],
						[106.5595, 20.8785]
					]
				]
			},
			bufferM: 50
		},
		{
			kind: 'stop',
			name: 'Chợ Lê Lợi',
			geometry: { type: 'Point', coordinates: [106.588, 20.862] },
			bufferM: 200,
			dwellMin: 15,
			visits: 2
		},
		{
			kind: 'stop',
			name: 'Cổng Bắc',
			geometry: { type: 'Point', coordinates: [106.562, 20.8765] },
			bufferM: 100,
			dwellMin: 5,
			visits: 4
		}
	],
	shifts: SHIFTS
};

/** Metres from a point to what an item covers (0 inside an area). */
function metresTo(p: [number, number], it: PatrolPlan['items'][number]): number {
	const pt = point(p);
	const g = it.geometry;
	if (g.type === 'Point')
		return distance(pt, point(g.coordinates as [number, number]), { units: 'meters' });
	if (g.type === 'LineString')
		return pointToLineDistance(pt, feature(g as LineString), { units: 'meters' });
	if (g.type === 'MultiLineString') {
		return Math.min(
			...g.coordinates.map((c) =>
				pointToLineDistance(pt, feature({ type: 'LineString', coordinates: c }), {
					units: 'meters'
				})
			)
		);
	}
	const poly = feature(g as Polygon | MultiPolygon);
	if (booleanPointInPolygon(pt, poly)) return 0;
	const edges = polygonToLine(poly as Feature<Polygon>);
	const lines = 'features' in edges ? edges.features : [edges];
	return Math.min(
		...lines.map((l) => pointToLineDistance(pt, l as Feature<LineString>, { units: 'meters' }))
	);
}

for (const engine of ENGINES) {
	describe(`patrol coverage on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let zone: MultiPolygon;
		let planId: string;
		let plan: PatrolPlan;
		const who: Record<string, Principal> = {};
		const as = <T>(role: string, fn: (q: Queryable) => Promise<T>) =>
			db.asCaller(claimsOf(who[role]!), fn);

		async function incident(at: string, lon: number, lat: number) {
			await db.query(
				`insert into incidents (zone_id, category, occurred_at, geom) values ($1, 'theft', $2, st_setsrid(st_makepoint($3, $4), 4326))`,
				[zoneId, at, lon, lat]
			);
		}

		async function planWith(overrides: Partial<PatrolPlanCreate>): Promise<string> {
			return (await as('planner', (q) => createPlan(q, zoneId, { ...PLAN, ...overrides }))).id;
		}

		beforeAll(async () => {
			db = await openTestDb(engine);
			zoneId = await demoZoneId(db);
			for (const r of ['planner', 'commander', 'board', 'liaison'])
				who[r] = await principalOf(db, r);
			const [z] = await db.query<{ g: MultiPolygon }>(
				`select st_asgeojson(boundary)::json as g from zones where id = $1`,
				[zoneId]
			);
			zone = z!.g;
			// A spur from inside the zone past its northernmost vertex, 400 m out: coverage is clipped.
			const [spur] = await db.query<{ g: LineString }>(
				`with b as (
					select st_pointonsurface(boundary) as c,
						(select d.geom from st_dumppoints(boundary) d order by st_y(d.geom) desc limit 1) as v
					from zones where id = $1
				)
				select st_asgeojson(st_makeline(array[c, v, st_project(v::geography, 400, 0)::geometry]), 7)::json as g from b`,
				[zoneId]
			);
			planId = await planWith({
				items: [
					...PLAN.items,
					{ kind: 'route', name: 'Nhánh ra ngoài', geometry: spur!.g, bufferM: 100 }
				]
			});
			plan = (await as('planner', (q) => getPlan(q, planId)))!;
		});
		afterAll(async () => {
			await db?.close();
		});

		it('the covered area agrees with turf’s preview within 2 % and with a geodesic SQL formulation within 1 %', async () => {
			const c = await as('planner', (q) => planCoverage(q, planId, FROM, TO));
			const preview = previewCoverage(plan.items, zone);
			expect(Math.abs(preview.areaM2 - c.areaM2) / c.areaM2).toBeLessThan(0.02);
			expect(Math.abs(preview.zoneSharePct - c.zoneSharePct!) / c.zoneSharePct!).toBeLessThan(0.02);
			const [geo] = await db.query<{ m2: number }>(
				`select st_area(st_intersection(st_union(st_buffer(i.geom::geography, i.buffer_m)::geometry), z.boundary)::geography) as m2
				from patrol_items i join zones z on z.id = i.zone_id where i.plan_id = $1 group by z.boundary`,
				[planId]
			);
			expect(Math.abs(geo!.m2 - c.areaM2) / c.areaM2).toBeLessThan(0.01);
			// The loop leaves the zone: the clipped area is less than the unclipped buffers.
			const [raw] = await db.query<{ m2: number }>(
				`select st_area(st_union(st_buffer(st_transform(geom, 32648), buffer_m, 'quad_segs=8'))) as m2 from patrol_items where plan_id = $1`,
				[planId]
			);
			expect(c.areaM2).toBeLessThan(raw!.m2);
		});

		it('the turf preview stays within 2 % of PostGIS for single routes, areas and stops', async () => {
			for (const item of plan.items) {
				const c = await as('planner', async (q) => {
					const [row] = await q.query<{ m2: number }>(
						`select st_area(app.patrol_coverage_metric($1, $2)) as m2`,
						[planId, item.id]
					);
					return row!.m2;
				});
				const own = plan.items.filter((i) => i.id === item.id || i.routeId === item.id);
				const p = previewCoverage(own, zone).areaM2;
				expect(Math.abs(p - c) / c, item.name ?? '').toBeLessThan(0.02);
			}
		});

		it('counts incidents inside and during shifts as an independent computation does', async () => {
			const c = await as('planner', (q) => planCoverage(q, planId, FROM, TO));
			const rows = await as('planner', (q) =>
				q.query<{ lon: number; lat: number; at: Date }>(
					`select lon, lat, occurred_at as at from incidents where zone_id = $1 and occurred_at >= $2 and occurred_at < $3`,
					[zoneId, FROM, TO]
				)
			);
			const zoneF = feature(zone);
			let surelyIn = 0;
			let unsure = 0;
			let during = 0;
			let surelyInDuring = 0;
			let unsureDuring = 0;
			for (const r of rows) {
				const d = Math.min(...plan.items.map((it) => metresTo([r.lon, r.lat], it) - it.bufferM));
				const inZone = booleanPointInPolygon(point([r.lon, r.lat]), zoneF);
				const when = SHIFTS.some((s) => isShiftActive(s, r.at));
				if (when) during++;
				// Buffers are polygons of 32 sides a circle: a point within 2 m of the edge may fall either way.
				if (inZone && d < -2) {
					surelyIn++;
					if (when) surelyInDuring++;
				} else if (inZone && Math.abs(d) <= 2) {
					unsure++;
					if (when) unsureDuring++;
				}
			}
			expect(c.incidentsTotal).toBe(rows.length);
			expect(c.incidentsDuringShift).toBe(during);
			expect(c.incidentsInside).toBeGreaterThanOrEqual(surelyIn);
			expect(c.incidentsInside).toBeLessThanOrEqual(surelyIn + unsure);
			expect(c.incidentsInsideDuringShift).toBeGreaterThanOrEqual(surelyInDuring);
			expect(c.incidentsInsideDuringShift).toBeLessThanOrEqual(surelyInDuring + unsureDuring);
			expect(surelyIn).toBeGreaterThan(100);
			expect(c.disclosure).toBe('exact');
		});

		it('matches incidents to overnight shifts by the day they start, across midnight and the week boundary', async () => {
			const [lon, lat] = [106.5686, 20.8655]; // on the QL10 route
			const satNight = await planWith({ name: 'Đêm thứ Bảy', shifts: [NIGHT] });
			const sunNight = await planWith({ name: 'Đêm Chủ nhật', shifts: [SUNDAY_NIGHT] });
			await incident('2022-11-05T23:30:00+07:00', lon, lat); // Saturday night
			await incident('2022-11-06T01:00:00+07:00', lon, lat); // Sunday 01:00: Saturday's shift
			await incident('2022-11-06T06:30:00+07:00', lon, lat); // after it
			await incident('2022-11-06T23:00:00+07:00', lon, lat); // Sunday night
			await incident('2022-11-07T01:00:00+07:00', lon, lat); // Monday 01:00: Sunday's shift
			await incident('2022-11-05T01:00:00+07:00', lon, lat); // Saturday 01:00: Friday night, neither
			const sat = await as('planner', (q) => planCoverage(q, satNight, EMPTY_FROM, EMPTY_TO));
			const sun = await as('planner', (q) => planCoverage(q, sunNight, EMPTY_FROM, EMPTY_TO));
			expect([
				sat.incidentsTotal,
				sat.incidentsInside,
				sat.incidentsDuringShift,
				sat.incidentsInsideDuringShift
			]).toEqual([6, 6, 2, 2]);
			expect([sun.incidentsDuringShift, sun.incidentsInsideDuringShift]).toEqual([2, 2]);
			// The same instants read the same in SQL with the session in another time zone.
			const [row] = await db.transaction(async (tx) => {
				await tx.query(`set local timezone = 'America/New_York'`);
				return tx.query<{ n: number }>(
					`select count(*)::int as n from incidents where zone_id = $1 and occurred_at >= $2 and occurred_at < $3
						and app.patrol_shift_active('{6}', 1320, 360, occurred_at)`,
					[zoneId, EMPTY_FROM, EMPTY_TO]
				);
			});
			expect(row!.n).toBe(2);
		});

		it('the database’s shift rule and the browser’s agree on random shifts and instants', async () => {
			const rng = new Random(7);
			const cases = Array.from({ length: 400 }, () => {
				const days = [1, 2, 3, 4, 5, 6, 7].filter(() => rng.float() < 0.4);
				const start = rng.int(0, 1439);
				let end = rng.int(0, 1439);
				if (end === start) end = (start + 1) % 1440;
				const at = Date.UTC(2026, 0, 1) + rng.int(0, 365 * 24 * 60) * 60_000;
				return { days: days.length ? days : [rng.int(1, 7)], start, end, at };
			});
			const rows = await db.query<{ active: boolean }>(
				`select app.patrol_shift_active(array(select jsonb_array_elements_text(c -> 'days')::smallint), (c ->> 'start')::int,
					(c ->> 'end')::int, to_timestamp((c ->> 'at')::float8 / 1000)) as active
				from jsonb_array_elements($1::jsonb) with ordinality as t(c, n) order by n`,
				[JSON.stringify(cases)]
			);
			const hhmm = (m: number) =>
				`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
			const ts = cases.map((c) =>
				isShiftActive({ days: c.days, start: hhmm(c.start), end: hhmm(c.end) }, c.at)
			);
			expect(rows.map((r) => r.active)).toEqual(ts);
			expect(ts.filter(Boolean).length).toBeGreaterThan(20);
		});

		it('the hour-of-week matrix adds up to the coverage and plans the minutes the shifts run', async () => {
			const c = await as('planner', (q) => planCoverage(q, planId, FROM, TO));
			const cells = await as('planner', (q) => hourOfWeek(q, planId, FROM, TO));
			expect(cells).toHaveLength(168);
			expect(cells[0]).toMatchObject({ day: 1, hour: 0 });
			expect(cells[167]).toMatchObject({ day: 7, hour: 23 });
			expect(cells.reduce((t, x) => t + x.incidents, 0)).toBe(c.incidentsTotal);
			expect(cells.reduce((t, x) => t + x.incidentsInside, 0)).toBe(c.incidentsInside);
			expect(cells.map((x) => x.plannedMinutes)).toEqual(presenceByHourOfWeek(SHIFTS));
			// The demo's shift-change peaks (22:00) show.
			const at22 = cells.filter((x) => x.hour === 22).reduce((t, x) => t + x.incidents, 0);
			const at03 = cells.filter((x) => x.hour === 3).reduce((t, x) => t + x.incidents, 0);
			expect(at22).toBeGreaterThan(at03);
		});

		it('ranks uncovered hotspots, each with a stop to add outside the coverage', async () => {
			const c = await as('planner', (q) => planCoverage(q, planId, FROM, TO));
			const spots = await as('planner', (q) =>
				uncoveredHotspots(q, planId, FROM, TO, { sizeM: 250, limit: 10 })
			);
			expect(spots).toHaveLength(10);
			const covered = feature(c.geometry as Polygon | MultiPolygon);
			spots.forEach((s, i) => {
				expect(s.rank).toBe(i + 1);
				if (i > 0) expect(s.uncovered).toBeLessThanOrEqual(spots[i - 1]!.uncovered);
				expect(s.uncovered).toBeLessThanOrEqual(s.incidents);
				expect(booleanPointInPolygon(point(s.stop), feature(s.cell))).toBe(true);
				expect(booleanPointInPolygon(point(s.stop), covered)).toBe(false);
				expect(s.peak.day).toBeGreaterThanOrEqual(1);
			});
			// With cells as large as the zone, every uncovered incident is listed once.
			const all = await as('planner', (q) =>
				uncoveredHotspots(q, planId, FROM, TO, { sizeM: 5000, limit: 100 })
			);
			expect(all.reduce((t, s) => t + s.uncovered, 0)).toBe(c.incidentsTotal! - c.incidentsInside!);
			const byTime = await as('planner', (q) =>
				uncoveredHotspots(q, planId, FROM, TO, { sizeM: 5000, mode: 'time', limit: 100 })
			);
			expect(byTime.reduce((t, s) => t + s.uncovered, 0)).toBe(
				c.incidentsTotal! - c.incidentsInsideDuringShift!
			);
		});

		it('measures dosage at stops against Koper’s 10–15 minutes and flags gaps over 2 hours at peak hours', async () => {
			const [lon, lat] = [106.588, 20.862];
			const id = await planWith({
				name: 'Liều lượng',
				items: [
					{
						kind: 'stop',
						name: 'Hai lượt',
						geometry: { type: 'Point', coordinates: [lon, lat] },
						bufferM: 100,
						dwellMin: 15,
						visits: 2
					},
					{
						kind: 'stop',
						name: 'Bốn lượt',
						geometry: { type: 'Point', coordinates: [lon, lat] },
						bufferM: 100,
						dwellMin: 5,
						visits: 4
					}
				],
				shifts: [NIGHT, { days: [1], start: '08:00', end: '12:00' }]
			});
			for (const day of ['2022-11-01', '2022-11-02', '2022-11-03'])
				await incident(`${day}T23:10:00+07:00`, lon, lat);
			await incident('2022-11-04T09:10:00+07:00', lon, lat);
			const rows = await as('planner', (q) => dosage(q, id, EMPTY_FROM, EMPTY_TO));
			const by = (name: string, shift: number) =>
				rows.find((r) => r.name === name && r.shiftIndex === shift)!;
			expect(by('Hai lượt', 0)).toMatchObject({
				plannedMinutes: 30,
				perVisit: 'koper',
				gapMin: 240,
				peakHours: [23],
				gapFlag: true
			});
			expect(by('Bốn lượt', 0)).toMatchObject({
				plannedMinutes: 20,
				perVisit: 'short',
				gapMin: 120,
				gapFlag: false
			});
			// 09:00 is not a peak (1 incident against 3 at 23:00): no flag in the morning shift.
			expect(by('Hai lượt', 1)).toMatchObject({ gapMin: 120, peakHours: [], gapFlag: false });
			expect(by('Hai lượt', 0).incidentsNear).toBeGreaterThanOrEqual(4);
		});

		it('proposes k stops greedily: the biggest uncovered cluster first, within the bound it states', async () => {
			// Three clusters in the empty fortnight, away from every stop and route of the plan.
			const clusters: [number, number, number][] = [
				[106.5645, 20.8805, 10],
				[106.588, 20.862, 7],
				[106.562, 20.8685, 5]
			];
			const id = await planWith({ name: 'Đề xuất', items: [], shifts: [NIGHT] });
			let n = 0;
			for (const [lon, lat, count] of clusters) {
				for (let i = 0; i < count; i++) {
					await incident(
						`2022-11-10T1${i % 10}:00:00+07:00`,
						lon + (i % 3) * 0.0002,
						lat + Math.floor(i / 3) * 0.0002
					);
					n++;
				}
			}
			const k1 = await as('planner', (q) =>
				proposeStops(
					q,
					id,
					new Date('2022-11-10T00:00:00+07:00'),
					new Date('2022-11-11T00:00:00+07:00'),
					1
				)
			);
			const k3 = await as('planner', (q) =>
				proposeStops(
					q,
					id,
					new Date('2022-11-10T00:00:00+07:00'),
					new Date('2022-11-11T00:00:00+07:00'),
					3
				)
			);
			expect(k1.uncovered).toBe(n);
			expect(k1.stops).toHaveLength(1);
			expect(k1.stops[0]!.covers).toBe(10);
			expect(
				distance(point([k1.stops[0]!.lon, k1.stops[0]!.lat]), point([106.5647, 20.8808]), {
					units: 'meters'
				})
			).toBeLessThan(150);
			expect(k3.stops.map((s) => s.covers)).toEqual([10, 7, 5]);
			expect(k3.covered).toBe(22);
			expect(k3.optimumAtMost).toBe(22);
			expect(k3.covered).toBeGreaterThanOrEqual((1 - 1 / Math.E) * k3.optimumAtMost);
			expect(k3.approximation).toMatch(/1 - 1\/e/);
			// Each stop covers what it says: the incidents within its radius, counted here with turf.
			const pts = await db.query<{ lon: number; lat: number }>(
				`select lon, lat from incidents where zone_id = $1 and occurred_at >= '2022-11-10T00:00:00+07:00' and occurred_at < '2022-11-11T00:00:00+07:00'`,
				[zoneId]
			);
			for (const s of k3.stops) {
				const near = pts.filter(
					(p) => distance(point([p.lon, p.lat]), point([s.lon, s.lat]), { units: 'meters' }) <= 150
				);
				expect(near.length).toBe(s.candidateCovers);
			}
		});

		it('the board gets the coverage with protected counts over whole days, and no detailed analysis', async () => {
			const exact = await as('commander', (q) => planCoverage(q, planId, FROM, TO));
			const board = await as('board', (q) =>
				planCoverage(q, planId, new Date('2025-12-01T10:17:00+07:00'), TO)
			);
			expect(board.disclosure).toBe('protected');
			expect(board.window.from).toBe('2025-11-30T17:00:00.000Z');
			expect(board.areaM2).toBe(exact.areaM2);
			for (const k of [
				'incidentsTotal',
				'incidentsInside',
				'incidentsDuringShift',
				'incidentsInsideDuringShift'
			] as const) {
				const v = board[k];
				expect(v === null || v >= 3, k).toBe(true);
			}
			// Each day's cell is off by at most 2: the total is close to the exact one.
			expect(Math.abs(board.incidentsTotal! - exact.incidentsTotal!)).toBeLessThan(
				0.1 * exact.incidentsTotal!
			);
			const calls: ((q: Queryable) => Promise<unknown>)[] = [
				(q: Queryable) => hourOfWeek(q, planId, FROM, TO),
				(q: Queryable) => uncoveredHotspots(q, planId, FROM, TO),
				(q: Queryable) => dosage(q, planId, FROM, TO),
				(q: Queryable) => proposeStops(q, planId, FROM, TO, 3)
			];
			for (const call of calls) {
				await expect(as('board', call)).rejects.toMatchObject({ code: '42501' });
			}
		});

		it('a liaison officer’s counts hold only the incidents inside their ward', async () => {
			const [ward] = await db.query<{ n: number }>(
				`select count(*)::int as n from incidents i where i.zone_id = $1 and i.occurred_at >= $2 and i.occurred_at < $3
					and st_intersects(i.geom, (select st_union(geom) from admin_units where code = '11617' and valid_to is null))`,
				[zoneId, FROM, TO]
			);
			const planner = await as('planner', (q) => planCoverage(q, planId, FROM, TO));
			const [inside] = await db.query<{ lon: number; lat: number }>(
				`select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface(st_union(geom)) as p
				from admin_units where code = '11617' and valid_to is null) u`
			);
			const liaisonPlan = await planWith({
				name: 'Có điểm ở An Hải',
				items: [
					...PLAN.items,
					{ kind: 'stop', geometry: { type: 'Point', coordinates: [inside!.lon, inside!.lat] } }
				]
			});
			const liaison = await as('liaison', (q) => planCoverage(q, liaisonPlan, FROM, TO));
			expect(liaison.incidentsTotal).toBe(ward!.n);
			expect(liaison.incidentsTotal).toBeLessThan(planner.incidentsTotal!);
			// A plan with nothing in their ward does not exist for them.
			await expect(as('liaison', (q) => planCoverage(q, planId, FROM, TO))).rejects.toMatchObject({
				code: 'P0002'
			});
		});
	});
}
