import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/port';
import { ENGINES, openTestDb } from '../fixtures/db';

// The demo must tell the Tràng Duệ story, not be uniform noise.
for (const engine of ENGINES) {
	describe(`demo dataset on ${engine}`, () => {
		let db: Db;
		beforeAll(async () => {
			db = await openTestDb(engine);
		});
		afterAll(async () => {
			await db?.close();
		});

		it('has theft as the most common category', async () => {
			const rows = await db.query<{ category: string }>(
				`select category from incidents group by category order by count(*) desc limit 1`
			);
			expect(rows[0]!.category).toBe('theft');
		});

		it('concentrates half the incidents in under 5% of places (100 m cells of the zone)', async () => {
			const [row] = await db.query<{ share: number }>(`
				with cells as (
					select count(*) as n from incidents
					group by st_snaptogrid(st_transform(geom, 32648), 100)
				),
				ranked as (select n, row_number() over (order by n desc) as rk from cells),
				zone_cells as (select st_area(boundary::geography) / 10000 as c from zones where code = 'trang-due')
				select (sum(n) filter (where rk <= (select c from zone_cells) * 0.05))::float8 / sum(n)::float8 as share
				from ranked`);
			expect(row!.share).toBeGreaterThanOrEqual(0.5);
		});

		it('peaks around the 14:00 shift change compared with mid-morning', async () => {
			const [row] = await db.query<{ shift: number; morning: number }>(`
				select count(*) filter (where extract(hour from occurred_at at time zone 'Asia/Ho_Chi_Minh') in (13, 14))::int as shift,
					count(*) filter (where extract(hour from occurred_at at time zone 'Asia/Ho_Chi_Minh') in (9, 10))::int as morning
				from incidents`);
			expect(row!.shift).toBeGreaterThan(row!.morning * 2);
		});

		it('has more incidents per day on paydays (5th–10th) than on other days', async () => {
			const [row] = await db.query<{ payday: number; other: number }>(`
				with d as (
					select extract(day from occurred_at at time zone 'Asia/Ho_Chi_Minh') as dom, count(*) as n
					from incidents group by 1
				)
				select (avg(n) filter (where dom between 5 and 10))::float8 as payday,
					(avg(n) filter (where dom between 12 and 28))::float8 as other from d`);
			expect(row!.payday).toBeGreaterThan(row!.other * 1.25);
		});

		it('has QL10 accident totals falling every full year on all three criteria', async () => {
			const rows = await db.query<{ y: number; n: number; deaths: number; injured: number }>(`
				select extract(year from occurred_at at time zone 'Asia/Ho_Chi_Minh')::int as y, count(*)::int as n,
					sum(deaths)::int as deaths, sum(injuries)::int as injured
				from accidents where is_demo group by 1 order by 1`);
			expect(rows.map((r) => r.y)).toEqual([2023, 2024, 2025, 2026]);
			for (let i = 1; i < rows.length; i++) {
				expect(rows[i]!.n).toBeLessThan(rows[i - 1]!.n);
				expect(rows[i]!.deaths).toBeLessThan(rows[i - 1]!.deaths);
				expect(rows[i]!.injured).toBeLessThan(rows[i - 1]!.injured);
			}
		});

		it('places every demo accident on QL10 and every factory fire-risk site inside the park', async () => {
			const [acc] = await db.query<{ off: number }>(
				`select count(*)::int as off from accidents where is_demo and (road_id is null or offset_m > 40)`
			);
			expect(acc!.off).toBe(0);
			const [fire] = await db.query<{ inside: number; total: number }>(`
				select count(*) filter (where st_covers(p.boundary, f.geom))::int as inside, count(*)::int as total
				from fire_sites f cross join industrial_parks p where f.facility like 'Nhà máy%'`);
			expect(fire!.total).toBe(40);
			expect(fire!.inside).toBe(40);
		});

		it('has 75 self-managed teams, 35 of them inside companies, spread over the communes', async () => {
			const rows = await db.query<{ kind: string; n: number; units: number }>(
				`select kind, count(*)::int as n, count(distinct admin_unit_code)::int as units from security_teams group by kind`
			);
			const byKind = Object.fromEntries(rows.map((r) => [r.kind, r]));
			expect(rows.reduce((s, r) => s + r.n, 0)).toBe(75);
			expect(byKind.company!.n).toBe(35);
			expect(byKind.residential!.units + byKind.statutory!.units).toBeGreaterThanOrEqual(3);
		});

		it('labels the zone as demo data and lists what is estimated', async () => {
			const [z] = await db.query<{ is_demo: boolean; metadata: any }>(
				`select is_demo, metadata from zones where code = 'trang-due'`
			);
			expect(z!.is_demo).toBe(true);
			expect(z!.metadata.estimates.length).toBeGreaterThan(3);
			expect(z!.metadata.generator).toMatchObject({ seed: 20161, complete: true, incidents: 3000 });
		});
	});
}
