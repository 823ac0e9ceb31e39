/**
 * QL10 traffic safety (issue 12; supabase/migrations/20261130000740_ql10_safety.sql) on every
 * engine: the black-spot screening windows against hand-placed accidents (Km positions), the map's
 * black spots from the same windows, the three criteria against the year before, and what row-level
 * security lets each role count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ql10BlackSpots, ql10Criteria } from '../../src/lib/server/analytics/ql10.service';
import type { Claims, Db, Queryable } from '../../src/lib/server/db/port';
import { claimsFor } from '../fixtures/analytics';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';

const VN = '+07:00';
/** After the demo data: every accident of 2028–2029 is one a test placed. */
const TO = new Date(`2030-01-01T00:00:00${VN}`);
const YEAR_2029 = { from: new Date(`2029-01-01T00:00:00${VN}`), to: TO };

const results: Record<string, Record<string, unknown>> = {};

const errorOf = async (p: Promise<unknown>) => {
	const err = (await p.then(
		() => null,
		(e: unknown) => e
	)) as { code?: string; column?: string; column_name?: string } | null;
	return { code: err?.code, column: err?.column ?? err?.column_name };
};

for (const engine of ENGINES) {
	describe(`QL10 safety on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let commander: Claims;
		const as = <T>(claims: Claims, fn: (q: Queryable) => Promise<T>) => db.asCaller(claims, fn);

		/** An accident on QL10 at chainage `km` (the road-position trigger computes it back). */
		async function accident(km: number, at: string, deaths: number, injuries: number) {
			await db.query(
				`insert into accidents (zone_id, occurred_at, geom, deaths, injuries, severity_class)
				select $1, $2::timestamptz, st_setsrid(st_force2d(st_geometryn(st_locatealong(r.geom, $3::float8), 1)), 4326),
					$4::smallint, $5::smallint,
					case when $4::smallint >= 3 then 1 when $4::smallint = 2 then 2 when $4::smallint = 1 then 3 else 4 end
				from roads r where r.zone_id = $1 and r.code = 'QL10'`,
				[zoneId, at, km, deaths, injuries]
			);
		}

		beforeAll(async () => {
			db = await openTestDb(engine);
			zoneId = await demoZoneId(db);
			commander = claimsFor('commander', [zoneId]);
			// Km21: a fatal accident, an injury accident 250 m on, a damage-only one 70 m further.
			await accident(21.1, `2029-06-01T08:00:00${VN}`, 1, 0);
			await accident(21.35, `2029-06-02T08:00:00${VN}`, 0, 2);
			await accident(21.42, `2029-06-03T08:00:00${VN}`, 0, 0);
			// Km25: one injury accident.
			await accident(25.0, `2029-06-04T08:00:00${VN}`, 0, 1);
			// March 2029 against March 2028 (the three criteria).
			await accident(27.5, `2029-03-10T08:00:00${VN}`, 0, 3);
			await accident(27.5, `2028-03-10T08:00:00${VN}`, 1, 0);
			await accident(28.5, `2028-03-20T08:00:00${VN}`, 0, 1);
			results[engine] = {};
		});
		afterAll(async () => {
			await db?.close();
		});

		it('ranks 500 m windows every 100 m by the severity-weighted score and flags the black spot', async () => {
			const s = await as(commander, (q) => ql10BlackSpots(q, { zoneId, to: TO }));
			expect(s.period).toEqual({
				from: '2028-12-31T17:00:00.000Z',
				to: '2029-12-31T17:00:00.000Z'
			});
			expect(s).toMatchObject({
				windowM: 500,
				stepM: 100,
				weights: { fatal: 542, injury: 11, damageOnly: 1 }
			});
			// By hand, windows [s, s + 500 m] from Km20+400 every 100 m (both ends included):
			//   Km21+100 lies in those starting Km20+600 … Km21+100, Km21+350 in Km20+900 … Km21+300,
			//   Km21+420 in Km21+000 … Km21+400, Km27+500 in Km27+000 … Km27+500, Km25+000 in
			//   Km24+500 … Km25+000. Scores: fatal 542, injury 11, damage only 1.
			//   Km21+000, Km21+100: all three → 554, a black spot (3 accidents, one fatal);
			//   Km20+900: fatal + injury → 553; Km20+600 … Km20+800: the fatal one → 542;
			//   Km21+200, Km21+300: injury + damage only → 12; Km24+500 … Km25+000 and Km27+000 …
			//   Km27+500 (the March 2029 accident is in the 12 months too): injury → 11;
			//   Km21+400: damage only → 1.
			const rows = s.features.map((f) => f.properties);
			const brief = rows.map((r) => [r.fromLabel, r.toLabel, r.score, r.blackSpot]);
			expect(brief.slice(0, 8)).toEqual([
				['Km21+000', 'Km21+500', 554, true],
				['Km21+100', 'Km21+600', 554, true],
				['Km20+900', 'Km21+400', 553, false],
				['Km20+600', 'Km21+100', 542, false],
				['Km20+700', 'Km21+200', 542, false],
				['Km20+800', 'Km21+300', 542, false],
				['Km21+200', 'Km21+700', 12, false],
				['Km21+300', 'Km21+800', 12, false]
			]);
			expect(brief.slice(8, 20).map((b) => b[2])).toEqual(Array(12).fill(11));
			expect(brief.at(-1)).toEqual(['Km21+400', 'Km21+900', 1, false]);
			expect(rows).toHaveLength(21);
			expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
			expect(rows[0]).toMatchObject({
				fromKm: 21,
				toKm: 21.5,
				accidents: 3,
				fatalAccidents: 1,
				injuryAccidents: 1,
				damageOnly: 1,
				deaths: 1,
				injuries: 2
			});
			expect(s.blackSpots).toBe(2);
			// Each window is drawn along QL10, about 500 m long.
			const [len] = await db.query<{ m: number }>(
				'select st_length(st_geomfromgeojson($1)::geography) as m',
				[JSON.stringify(s.features[0]!.geometry)]
			);
			expect(len!.m).toBeGreaterThan(400);
			expect(len!.m).toBeLessThan(600);
			results[engine]!.screening = s;
		});

		it('window and step change the screening as stated', async () => {
			// 300 m windows: no window holds all three Km21 accidents, so no black spot.
			const short = await as(commander, (q) => ql10BlackSpots(q, { zoneId, to: TO, windowM: 300 }));
			expect(short.blackSpots).toBe(0);
			// 50 m steps over 500 m windows: Km20+950 and Km21+050 also hold all three.
			const fine = await as(commander, (q) => ql10BlackSpots(q, { zoneId, to: TO, stepM: 50 }));
			expect(
				fine.features.filter((f) => f.properties.blackSpot).map((f) => f.properties.fromLabel)
			).toEqual(['Km20+950', 'Km21+000', 'Km21+050', 'Km21+100']);
			expect(
				await errorOf(as(commander, (q) => ql10BlackSpots(q, { zoneId, to: TO, windowM: 50 })))
			).toEqual({ code: '22023', column: 'windowM' });
			expect(
				await errorOf(
					as(commander, (q) => ql10BlackSpots(q, { zoneId, to: TO, windowM: 500, stepM: 600 }))
				)
			).toEqual({ code: '22023', column: 'stepM' });
		});

		it('the map’s black spots merge the same windows, from their first to their last accident', async () => {
			const spots = await as(commander, (q) =>
				q.query<{ km_from: string; km_to: string; accidents: number }>(
					'select km_from::text, km_to::text, accidents from app.accident_black_spots($1, $2, 500)',
					[zoneId, TO]
				)
			);
			expect(spots).toEqual([{ km_from: '21.100', km_to: '21.420', accidents: 3 }]);
		});

		it('the three criteria by month and year stand against the year before', async () => {
			const c = await as(commander, (q) => ql10Criteria(q, { zoneId, ...YEAR_2029 }));
			expect(c.months).toHaveLength(12);
			const march = c.months.find((m) => m.month === '2029-03')!;
			// March 2029: 1 accident, 0 deaths, 3 injured; March 2028: 2 accidents, 1 death, 1
			// injured. z = 2(√1 − √2) = −0.83, 2(0 − 1) = −2, 2(√3 − 1) = 1.46.
			expect(march.current).toEqual({ accidents: 1, deaths: 0, injuries: 3 });
			expect(march.lastYear).toEqual({ accidents: 2, deaths: 1, injuries: 1 });
			expect(march.change.accidents).toEqual({
				difference: -1,
				percent: -50,
				z: -0.83,
				band: 'noise',
				direction: null
			});
			expect(march.change.deaths).toEqual({
				difference: -1,
				percent: -100,
				z: -2,
				band: 'notable',
				direction: 'down'
			});
			expect(march.change.injuries.z).toBe(1.46);
			const [year] = c.years;
			expect(year).toMatchObject({
				year: '2029',
				current: { accidents: 5, deaths: 1, injuries: 6 },
				lastYear: { accidents: 2, deaths: 1, injuries: 1 }
			});
			results[engine]!.criteria = c;
		});

		it('the board reads the published accident figures; a liaison officer only its units’; a team lead none', async () => {
			const period = {
				from: new Date(`2025-01-01T00:00:00${VN}`),
				to: new Date(`2026-01-01T00:00:00${VN}`)
			};
			const exact = await as(commander, (q) => ql10Criteria(q, { zoneId, ...period }));
			const board = await as(claimsFor('board', [zoneId]), (q) =>
				ql10Criteria(q, { zoneId, ...period })
			);
			expect(board).toEqual(exact);
			// The liaison officer of phường An Dương (QL10 crosses it) counts the accidents inside it.
			const liaison = await as(claimsFor('liaison', [zoneId], ['11581']), (q) =>
				ql10Criteria(q, { zoneId, ...period })
			);
			const [inside] = await db.query<{ n: number }>(
				`select count(*)::int as n from accidents a join admin_units u
					on u.zone_id = a.zone_id and u.code = '11581' and u.valid_to is null and st_intersects(u.geom, a.geom)
				where a.zone_id = $1 and a.occurred_at >= $2 and a.occurred_at < $3`,
				[zoneId, period.from, period.to]
			);
			expect(inside!.n).toBeGreaterThan(0);
			expect(liaison.years[0]!.current.accidents).toBe(inside!.n);
			expect(liaison.years[0]!.current.accidents).toBeLessThan(exact.years[0]!.current.accidents);
			const lead = claimsFor('team_lead', [zoneId]);
			expect(
				(await as(lead, (q) => ql10Criteria(q, { zoneId, ...period }))).years[0]!.current
			).toEqual({
				accidents: 0,
				deaths: 0,
				injuries: 0
			});
			expect((await as(lead, (q) => ql10BlackSpots(q, { zoneId, to: TO }))).features).toEqual([]);
			// Another zone's caller is refused outright.
			const elsewhere = claimsFor('commander', ['00000000-0000-4000-8000-000000000000']);
			expect(
				await errorOf(as(elsewhere, (q) => ql10Criteria(q, { zoneId, ...period })))
			).toMatchObject({ code: '42501' });
			expect(
				await errorOf(as(elsewhere, (q) => ql10BlackSpots(q, { zoneId, to: TO })))
			).toMatchObject({ code: '42501' });
		});
	});
}

describe('QL10 safety across engines', () => {
	it.runIf(ENGINES.length > 1)('every engine gives the same answers', () => {
		const [first, ...rest] = ENGINES;
		const noCoordinates = (a: unknown) =>
			JSON.parse(JSON.stringify(a), (k, v) => (k === 'coordinates' ? undefined : v));
		for (const other of rest) {
			expect(noCoordinates(results[other]!.screening)).toEqual(
				noCoordinates(results[first!]!.screening)
			);
			expect(results[other]!.criteria).toEqual(results[first!]!.criteria);
		}
	});
});
