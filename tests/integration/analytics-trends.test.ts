/**
 * Trends (issue 12; supabase/migrations/20261130000730_trends.sql) on every engine, on the demo
 * data: period KPIs against counts taken directly, the Poisson bands, the comparison windows,
 * series by the unit in force at the time and re-aggregated to today's wards (against a spatial
 * join done independently with turf), the hour-of-week grid, what the board receives, the
 * refusals, and the same answers on every engine.
 */
import { booleanPointInPolygon, point } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kpis, Series } from '../../src/lib/domain/analytics';
import { countChange } from '../../src/lib/domain/stats/change';
import { periodWindow } from '../../src/lib/domain/stats/period';
import {
	incidentHourOfWeek,
	incidentKpis,
	incidentSeries
} from '../../src/lib/server/analytics/trends.service';
import type { Claims, Db, Queryable } from '../../src/lib/server/db/port';
import { claimsFor, fixDisclosureSeed } from '../fixtures/analytics';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';

const VN = '+07:00';
const Q3 = periodWindow('quarter', '2026-08-15');
const YEAR_2024 = {
	from: new Date(`2024-01-01T00:00:00${VN}`),
	to: new Date(`2025-01-01T00:00:00${VN}`)
};
const UNITS_CHANGE = {
	from: new Date(`2024-10-01T00:00:00${VN}`),
	to: new Date(`2025-10-01T00:00:00${VN}`)
};
const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;
const isVnMidnight = (iso: string) => (Date.parse(iso) + VN_OFFSET_MS) % DAY_MS === 0;

const results: Record<string, Record<string, unknown>> = {};

const errorOf = async (p: Promise<unknown>) => {
	const err = (await p.then(
		() => null,
		(e: unknown) => e
	)) as { code?: string; column?: string; column_name?: string } | null;
	return { code: err?.code, column: err?.column ?? err?.column_name };
};

for (const engine of ENGINES) {
	describe(`trends on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let commander: Claims;
		let board: Claims;
		/** admin_units id → "code@validFrom", for answers compared across engines. */
		let unitName: Map<string, string>;

		const as = <T>(claims: Claims, fn: (q: Queryable) => Promise<T>) => db.asCaller(claims, fn);
		/** Counts taken directly from the table (as its owner), grouped by `by`. */
		const direct = async (from: Date, to: Date, by: string) =>
			new Map(
				(
					await db.query<{ k: string; n: number }>(
						`select ${by} as k, count(*)::int as n from incidents
						where zone_id = $1 and occurred_at >= $2 and occurred_at < $3 group by 1`,
						[zoneId, from, to]
					)
				).map((r) => [r.k ?? 'unknown', r.n])
			);
		const row = (k: Kpis, dimension: string, key: string) =>
			k.rows.find((r) => r.dimension === dimension && r.key === key)!;

		beforeAll(async () => {
			db = await openTestDb(engine);
			await fixDisclosureSeed(db);
			zoneId = await demoZoneId(db);
			commander = claimsFor('commander', [zoneId]);
			board = claimsFor('board', [zoneId]);
			unitName = new Map(
				(
					await db.query<{ id: string; code: string; valid_from: string }>(
						`select id, code, valid_from::text from admin_units where zone_id = $1`,
						[zoneId]
					)
				).map((u) => [u.id, `${u.code}@${u.valid_from}`])
			);
			results[engine] = {};
		});
		afterAll(async () => {
			await db?.close();
		});

		it('quarter KPIs are the counts of the quarter, the quarter before and the same quarter last year', async () => {
			const k = await as(commander, (q) => incidentKpis(q, { zoneId, kind: 'quarter', ...Q3 }));
			expect(k.periods).toEqual({
				current: { from: '2026-06-30T17:00:00.000Z', to: '2026-09-30T17:00:00.000Z' },
				previous: { from: '2026-03-31T17:00:00.000Z', to: '2026-06-30T17:00:00.000Z' },
				lastYear: { from: '2025-06-30T17:00:00.000Z', to: '2025-09-30T17:00:00.000Z' }
			});
			const [cur, prev, ly] = await Promise.all(
				(['current', 'previous', 'lastYear'] as const).map(async (p) => {
					const w = k.periods[p];
					return {
						category: await direct(new Date(w.from), new Date(w.to), 'category'),
						unit: await direct(new Date(w.from), new Date(w.to), 'admin_unit_id::text'),
						total: [...(await direct(new Date(w.from), new Date(w.to), `'total'`)).values()][0] ?? 0
					};
				})
			);
			const total = row(k, 'total', 'total');
			expect([total.current, total.previous, total.lastYear]).toEqual([
				cur!.total,
				prev!.total,
				ly!.total
			]);
			// z = 2(√current − √previous), its band and arrow, as computed by hand.
			expect(total.vsPrevious).toEqual(countChange(cur!.total, prev!.total));
			expect(total.vsLastYear!.z).toBeCloseTo(
				2 * (Math.sqrt(cur!.total) - Math.sqrt(ly!.total)),
				2
			);
			for (const [code, n] of cur!.category) {
				expect(row(k, 'category', code)).toMatchObject({
					current: n,
					previous: prev!.category.get(code) ?? 0,
					lastYear: ly!.category.get(code) ?? 0
				});
			}
			const property = row(k, 'group', 'property');
			const propertyCodes = [
				'extortion',
				'snatching',
				'open_appropriation',
				'theft',
				'fraud',
				'property_damage'
			];
			expect(property.current).toBe(
				propertyCodes.reduce((s, c) => s + (cur!.category.get(c) ?? 0), 0)
			);
			// By the unit in force at the time: today's wards in 2026; in 2025's third quarter too,
			// but not in its second (the interim wards), so that comparison is marked not in force.
			for (const [unit, n] of cur!.unit) expect(row(k, 'unit', unit).current).toBe(n);
			const anPhong = [...unitName].find(([, name]) => name === '11593@2025-07-01')![0];
			expect(row(k, 'unit', anPhong)).toMatchObject({
				lastYear: ly!.unit.get(anPhong) ?? 0,
				inForce: { previous: true, lastYear: true }
			});
			results[engine]!.kpis = k;
		});

		it('a month to date is compared with the same days of the month before and of last year', async () => {
			const from = new Date(`2026-11-01T00:00:00${VN}`);
			const to = new Date(`2026-11-15T00:00:00${VN}`);
			const k = await as(commander, (q) => incidentKpis(q, { zoneId, kind: 'month', from, to }));
			expect(k.periods.previous).toEqual({
				from: '2026-09-30T17:00:00.000Z',
				to: '2026-10-14T17:00:00.000Z'
			});
			expect(k.periods.lastYear).toEqual({
				from: '2025-10-31T17:00:00.000Z',
				to: '2025-11-14T17:00:00.000Z'
			});
			const custom = await as(commander, (q) =>
				incidentKpis(q, {
					zoneId,
					kind: 'custom',
					from: new Date(`2026-10-05T00:00:00${VN}`),
					to: new Date(`2026-10-12T00:00:00${VN}`)
				})
			);
			expect(custom.periods.previous).toEqual({
				from: '2026-09-27T17:00:00.000Z',
				to: '2026-10-04T17:00:00.000Z'
			});
		});

		it('today’s wards re-aggregate every incident by its point, as an independent spatial join counts them', async () => {
			// 2024: the communes were in force; today's wards did not exist yet.
			const s = await as(commander, (q) =>
				incidentSeries(q, { zoneId, ...YEAR_2024, bucket: 'month', by: 'unit', units: 'today' })
			);
			const wards = await db.query<{ id: string; geom: any }>(
				`select id::text, st_asgeojson(geom)::json as geom from admin_units
				where zone_id = $1 and valid_to is null`,
				[zoneId]
			);
			const points = await db.query<{ lon: number; lat: number }>(
				`select st_x(geom) as lon, st_y(geom) as lat from incidents
				where zone_id = $1 and occurred_at >= $2 and occurred_at < $3`,
				[zoneId, YEAR_2024.from, YEAR_2024.to]
			);
			const expected = new Map<string, number>([
				['unknown', 0],
				...wards.map((w) => [w.id, 0] as [string, number])
			]);
			for (const p of points) {
				const ward = wards.find((w) => booleanPointInPolygon(point([p.lon, p.lat]), w.geom));
				const k = ward?.id ?? 'unknown';
				expected.set(k, expected.get(k)! + 1);
			}
			const got = new Map(
				s.series.map((x) => [x.key, x.values.reduce<number>((a, v) => a + (v ?? 0), 0)])
			);
			expect(got).toEqual(expected);
			expect(s.buckets).toHaveLength(12);
			// The same counts in the KPIs by today's units.
			const k = await as(commander, (q) =>
				incidentKpis(q, { zoneId, kind: 'year', ...YEAR_2024, units: 'today' })
			);
			for (const [unit, n] of expected) expect(row(k, 'unit', unit).current).toBe(n);
			results[engine]!.seriesToday = s;
		});

		it('by the unit in force at the time, each unit has values only while it was in force', async () => {
			const s = await as(commander, (q) =>
				incidentSeries(q, { zoneId, ...UNITS_CHANGE, bucket: 'month', by: 'unit' })
			);
			expect(s.buckets.map((b) => b.label)).toEqual([
				'2024-10',
				'2024-11',
				'2024-12',
				'2025-01',
				'2025-02',
				'2025-03',
				'2025-04',
				'2025-05',
				'2025-06',
				'2025-07',
				'2025-08',
				'2025-09'
			]);
			const valuesOf = (name: string) => s.series.find((x) => unitName.get(x.key) === name)!.values;
			// Hồng Phong (11593) was a commune to 2024-12-31 and a ward to 2025-06-30; An Phong (also
			// 11593) is today's ward since 2025-07-01: three units, three stretches.
			expect(valuesOf('11593@1999-01-01').map((v) => v !== null)).toEqual([
				...Array(3).fill(true),
				...Array(9).fill(false)
			]);
			expect(valuesOf('11593@2025-01-01').map((v) => v !== null)).toEqual([
				...Array(3).fill(false),
				...Array(6).fill(true),
				...Array(3).fill(false)
			]);
			expect(valuesOf('11593@2025-07-01').map((v) => v !== null)).toEqual([
				...Array(9).fill(false),
				...Array(3).fill(true)
			]);
			// Every incident counts once: the units of a month add up to the month's total.
			const totals = await as(commander, (q) =>
				incidentSeries(q, { zoneId, ...UNITS_CHANGE, bucket: 'month', by: 'total' })
			);
			totals.series[0]!.values.forEach((t, i) =>
				expect(s.series.reduce((a, x) => a + (x.values[i] ?? 0), 0)).toBe(t)
			);
			const weekly = await as(commander, (q) =>
				incidentSeries(q, { zoneId, ...UNITS_CHANGE, bucket: 'week', by: 'category' })
			);
			// Weeks start on Monday, Vietnam time; the first is cut to the window (1 Oct 2024 was a
			// Tuesday).
			expect(weekly.buckets[0]).toEqual({
				label: '2024-09-30',
				from: '2024-09-30T17:00:00.000Z',
				to: '2024-10-06T17:00:00.000Z'
			});
			expect(weekly.buckets[1]!.label).toBe('2024-10-07');
			expect(weekly.series).toHaveLength(15);
		});

		it('the hour-of-week grid counts incidents by Vietnam weekday and hour', async () => {
			const h = await as(commander, (q) => incidentHourOfWeek(q, { zoneId, ...Q3 }));
			const [monday22] = await db.query<{ n: number }>(
				`select count(*)::int as n from incidents where zone_id = $1 and occurred_at >= $2 and occurred_at < $3
					and extract(isodow from occurred_at at time zone 'Asia/Ho_Chi_Minh') = 1
					and extract(hour from occurred_at at time zone 'Asia/Ho_Chi_Minh') = 22`,
				[zoneId, Q3.from, Q3.to]
			);
			expect(h.grid[0]![22]).toBe(monday22!.n);
			expect(h.grid.flat().reduce<number>((a, v) => a + (v ?? 0), 0)).toBe(h.total);
			expect(h.total).toBe(
				row(
					await as(commander, (q) => incidentKpis(q, { zoneId, kind: 'quarter', ...Q3 })),
					'total',
					'total'
				).current
			);
		});

		it('the board gets the published counts app.incident_stats gives for the same whole days, never 1 or 2', async () => {
			// A window that does not start or end at midnight widens to whole days.
			const from = new Date(`2026-07-01T09:30:00${VN}`);
			const to = new Date(`2026-09-30T15:00:00${VN}`);
			const k = await as(board, (q) => incidentKpis(q, { zoneId, kind: 'quarter', from, to }));
			expect(k.disclosure).toBe('protected');
			expect(k.window).toEqual({
				from: '2026-06-30T17:00:00.000Z',
				to: '2026-09-30T17:00:00.000Z'
			});
			for (const p of Object.values(k.periods))
				expect([p.from, p.to].every(isVnMidnight)).toBe(true);
			const stats = await as(board, (q) =>
				q.query<{ s: any }>('select app.incident_stats($1, $2, $3) as s', [zoneId, from, to])
			);
			const s = stats[0]!.s;
			expect(row(k, 'total', 'total').current).toBe(s.total);
			for (const [code, n] of Object.entries(s.byCategory))
				expect(row(k, 'category', code).current).toBe(n);
			for (const r of k.rows.filter((r) => r.dimension === 'unit')) {
				const code = r.key === 'unknown' ? 'unknown' : unitName.get(r.key)!.split('@')[0]!;
				expect(r.current).toBe(s.byUnit[code]);
			}
			for (const r of k.rows) {
				for (const v of [r.current, r.previous, r.lastYear])
					if (v !== null) expect(v).toBeGreaterThanOrEqual(3);
				// Changes are computed on the published values, and only where both are published.
				expect(r.vsPrevious).toEqual(
					r.current !== null && r.previous !== null ? countChange(r.current, r.previous) : null
				);
			}
			results[engine]!.boardKpis = k;

			const series = await as(board, (q) =>
				incidentSeries(q, {
					zoneId,
					from,
					to,
					bucket: 'week',
					by: 'category',
					categories: ['murder', 'theft']
				})
			);
			expect(series.disclosure).toBe('protected');
			for (const x of series.series)
				for (const v of x.values) if (v !== null) expect(v).toBeGreaterThanOrEqual(3);
			expect(series.suppressed).toBe(true);

			// The hour-of-week grid is published over whole months only, ending before this month.
			const h = await as(board, (q) => incidentHourOfWeek(q, { zoneId, from, to }));
			expect(h.window).toEqual({
				from: '2026-06-30T17:00:00.000Z',
				to: '2026-09-30T17:00:00.000Z'
			});
			for (const v of h.grid.flat()) if (v !== null) expect(v).toBeGreaterThanOrEqual(3);
			const oneDay = await as(board, (q) =>
				incidentHourOfWeek(q, {
					zoneId,
					from: new Date(`2026-09-10T00:00:00${VN}`),
					to: new Date(`2026-09-11T00:00:00${VN}`)
				})
			);
			expect(oneDay.window).toEqual({
				from: '2026-08-31T17:00:00.000Z',
				to: '2026-09-30T17:00:00.000Z'
			});
		});

		it('a liaison officer, a team lead and a caller of another zone are refused; bad parameters name themselves', async () => {
			for (const claims of [
				claimsFor('liaison', [zoneId], ['11617']),
				claimsFor('team_lead', [zoneId]),
				claimsFor('commander', ['00000000-0000-4000-8000-000000000000'])
			]) {
				expect(
					await errorOf(as(claims, (q) => incidentKpis(q, { zoneId, kind: 'quarter', ...Q3 })))
				).toMatchObject({ code: '42501' });
				expect(
					await errorOf(
						as(claims, (q) => incidentSeries(q, { zoneId, ...Q3, bucket: 'month', by: 'total' }))
					)
				).toMatchObject({ code: '42501' });
				expect(
					await errorOf(as(claims, (q) => incidentHourOfWeek(q, { zoneId, ...Q3 })))
				).toMatchObject({ code: '42501' });
			}
			const bad: [() => Promise<unknown>, string][] = [
				[
					() => as(commander, (q) => incidentKpis(q, { zoneId, kind: 'week' as never, ...Q3 })),
					'kind'
				],
				[
					() =>
						as(commander, (q) =>
							incidentKpis(q, { zoneId, kind: 'month', ...Q3, units: 'then' as never })
						),
					'units'
				],
				[
					() =>
						as(commander, (q) =>
							incidentKpis(q, { zoneId, kind: 'month', from: Q3.to, to: Q3.from })
						),
					'from'
				],
				[
					() =>
						as(commander, (q) =>
							incidentKpis(q, { zoneId, kind: 'month', ...Q3, categories: ['arson'] })
						),
					'category'
				],
				[
					() =>
						as(commander, (q) =>
							incidentSeries(q, { zoneId, ...Q3, bucket: 'day' as never, by: 'total' })
						),
					'bucket'
				],
				[
					() =>
						as(commander, (q) =>
							incidentSeries(q, { zoneId, ...Q3, bucket: 'week', by: 'street' as never })
						),
					'by'
				]
			];
			for (const [fn, column] of bad)
				expect(await errorOf(fn())).toEqual({ code: '22023', column });
		});
	});
}

describe('trends across engines', () => {
	it.runIf(ENGINES.length > 1)('every engine gives the same answers, exact and protected', () => {
		// Unit keys are ids, which differ between databases: compared by code and start of validity.
		const names = (engine: string) => {
			const m = new Map<string, string>();
			for (const u of ((results[engine]!.kpis as Kpis).units ?? []).concat(
				(results[engine]!.seriesToday as Series).units ?? []
			)) {
				m.set(u.key, u.key === 'unknown' ? 'unknown' : `${u.code}@${u.validFrom}`);
			}
			return m;
		};
		const normalise = (engine: string, answer: unknown) => {
			const m = names(engine);
			return JSON.parse(JSON.stringify(answer), (_k, v) =>
				typeof v === 'string' && m.has(v) ? m.get(v) : v
			);
		};
		const [first, ...rest] = ENGINES;
		for (const other of rest) {
			for (const name of ['kpis', 'seriesToday', 'boardKpis']) {
				expect([other, name, normalise(other, results[other]![name])]).toEqual([
					other,
					name,
					normalise(first!, results[first!]![name])
				]);
			}
		}
	});
});
