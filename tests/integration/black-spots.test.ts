import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';
import { send } from '../fixtures/api';

/**
 * Accidents are placed in 2029, after the demo data, so each case controls every accident of
 * its 12 months. Chainage in km on QL10 (calibrated Km20+400 – Km30+968).
 */
const UNTIL = '2030-01-01T00:00:00Z';

for (const engine of ENGINES) {
	describe(`accident black spots on ${engine}`, () => {
		let db: Db;
		let zoneId: string;

		async function accident(km: number, at: string, deaths: number, injuries: number) {
			await db.query(
				`insert into accidents (zone_id, occurred_at, geom, deaths, injuries, severity_class)
				select $1, $2::timestamptz, st_setsrid(st_force2d(st_geometryn(st_locatealong(r.geom, $3::float8), 1)), 4326), $4::smallint, $5::smallint,
					case when $4::smallint >= 3 then 1 when $4::smallint = 2 then 2 when $4::smallint = 1 then 3 else 4 end
				from roads r where r.zone_id = $1 and r.code = 'QL10'`,
				[zoneId, at, km, deaths, injuries]
			);
		}

		async function spots(query = '') {
			const res = await send(`/api/accidents/black-spots?to=${UNTIL}${query}`, { as: 'commander' });
			expect(res.status).toBe(200);
			return res.body.features.map((f: any) => f.properties);
		}

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			zoneId = await demoZoneId(db);
			// Km21: two fatal accidents 600 m apart → a black spot.
			await accident(21.1, '2029-02-01T10:00:00Z', 1, 0);
			await accident(21.7, '2029-09-01T10:00:00Z', 1, 2);
			// Km23: three accidents within 900 m, one fatal → a black spot.
			await accident(23.0, '2029-03-01T10:00:00Z', 0, 1);
			await accident(23.5, '2029-04-01T10:00:00Z', 1, 0);
			await accident(23.9, '2029-05-01T10:00:00Z', 0, 0);
			// Km26–27: four injury accidents over 1.3 km, never four within 1 km → none (but four
			// within 1.5 km).
			await accident(26.0, '2029-03-01T10:00:00Z', 0, 1);
			await accident(26.4, '2029-04-01T10:00:00Z', 0, 2);
			await accident(26.9, '2029-05-01T10:00:00Z', 0, 1);
			await accident(27.3, '2029-06-01T10:00:00Z', 0, 1);
			// Km29: two fatal accidents, but one of them 13 months before the end → none.
			await accident(29.0, '2028-12-01T10:00:00Z', 1, 0);
			await accident(29.2, '2029-07-01T10:00:00Z', 2, 0);
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('finds the sections that meet the rule, from their first to their last accident', async () => {
			const found = await spots();
			expect(found).toEqual([
				expect.objectContaining({
					road: 'QL10',
					kmFromLabel: 'Km21+100',
					kmToLabel: 'Km21+700',
					accidents: 2,
					fatalAccidents: 2,
					deaths: 2,
					injuries: 2
				}),
				expect.objectContaining({
					kmFromLabel: 'Km23+000',
					kmToLabel: 'Km23+900',
					accidents: 3,
					fatalAccidents: 1,
					injuryAccidents: 1
				})
			]);
		});

		it('draws each section as a line along QL10 of about its length', async () => {
			const res = await send(`/api/accidents/black-spots?to=${UNTIL}`, { as: 'commander' });
			const first = res.body.features[0];
			expect(first.geometry.type).toMatch(/LineString$/);
			const [row] = await db.query<{ m: number }>(
				`select st_length(st_geomfromgeojson($1)::geography) as m`,
				[JSON.stringify(first.geometry)]
			);
			// 600 m of chainage; the calibration stretches metres a little.
			expect(row!.m).toBeGreaterThan(450);
			expect(row!.m).toBeLessThan(750);
		});

		it('four injury accidents make one when they lie within one section', async () => {
			expect((await spots('&section=1500')).map((s: any) => s.kmFromLabel)).toContain('Km26+000');
			expect((await spots()).map((s: any) => s.kmFromLabel)).not.toContain('Km26+000');
		});

		it('counts only the 12 months before the end of the period', async () => {
			const at2029Aug = await send('/api/accidents/black-spots?to=2029-08-01T00:00:00Z', {
				as: 'commander'
			});
			const labels = at2029Aug.body.features.map((f: any) => f.properties.kmFromLabel);
			// Km29+000 (Dec 2028) and Km29+200 (Jul 2029) are both inside Aug 2028 – Aug 2029.
			expect(labels).toContain('Km29+000');
			expect(labels).not.toContain('Km21+100'); // its second fatal accident is in September
		});

		it('refuses bad parameters with a 400 naming the parameter', async () => {
			for (const [qs, param] of [
				['to=yesterday', 'to'],
				['section=50', 'section'],
				['section=abc', 'section'],
				['radius=5', 'radius']
			] as const) {
				const res = await send(`/api/accidents/black-spots?${qs}`, { as: 'commander' });
				expect(res.status).toBe(400);
				expect(res.body.field).toBe(param);
			}
		});
	});
}
