/**
 * The statistics the board's analytics rest on (supabase/migrations/20261130000700_statistics.sql),
 * against values computed by hand or published, on every engine: the normal distribution, the
 * Benjamini–Hochberg correction, the Mann-Kendall test, the Poisson change test, the emerging
 * hot-spot patterns and the road-safety weights.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countChange, poissonZ } from '../../src/lib/domain/stats/change';
import type { Db } from '../../src/lib/server/db/port';
import { ENGINES, openTestDb } from '../fixtures/db';

for (const engine of ENGINES) {
	describe(`analytics statistics on ${engine}`, () => {
		let db: Db;
		const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => {
			const [row] = await db.query<{ v: T }>(`select ${sql} as v`, params);
			return row!.v;
		};

		beforeAll(async () => {
			db = await openTestDb(engine);
		});
		afterAll(async () => {
			await db?.close();
		});

		it('the normal CDF matches the tabulated values to better than 1e-7', async () => {
			// Φ(x) as tabulated (Abramowitz & Stegun 26.2; the digits agree with mpmath at 50
			// digits): Φ(1), Φ(2), Φ(3), Φ(−1.96), Φ(−5), Φ(0).
			const table: [number, number][] = [
				[1, 0.8413447460685429],
				[2, 0.9772498680518208],
				[3, 0.9986501019683699],
				[-1.96, 0.024997895148220435],
				[-5, 2.866515718791933e-7],
				[0, 0.5]
			];
			for (const [x, phi] of table) {
				const got = await one<number>('app.normal_cdf($1::float8)', [x]);
				expect(Math.abs(got - phi)).toBeLessThan(1e-7);
				// In fact to double precision (Hart 1968 / West 2005).
				expect(Math.abs(got - phi)).toBeLessThan(1e-15);
			}
			expect(await one<number>('app.normal_p_two_sided(1.96::float8)')).toBeCloseTo(0.04999579, 8);
		});

		it('Benjamini–Hochberg rejects the four hypotheses of the 1995 paper’s example at q = 0.05', async () => {
			// Benjamini & Hochberg (1995) §4: 15 p-values from a trial (Neuhaus et al. 1992); the
			// step-up procedure at q = 0.05 rejects the four smallest (Bonferroni only three). By
			// hand, adjusted p(i) = min over j ≥ i of 15·p(j)/j:
			//   1: 15·0.0001/1 = 0.0015; 2: 0.003; 3: 0.0095; 4: 15·0.0095/4 = 0.035625;
			//   5: 15·0.0201/5 = 0.0603; 6: min(15·0.0278/6 = 0.0695, 7's) = 0.0638571…;
			//   7: 15·0.0298/7 = 0.0638571…; 8: 15·0.0344/8 = 0.0645; 9: 15·0.0459/9 = 0.0765;
			//   10: 0.486; 11: 0.5811818…; 12: 0.714875; 13: 0.7532307…; 14: 0.8132142…; 15: 1.
			const sorted = [
				0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262,
				0.5719, 0.6528, 0.759, 1.0
			];
			const expected = [
				0.0015,
				0.003,
				0.0095,
				0.035625,
				0.0603,
				0.0298 * (15 / 7),
				0.0298 * (15 / 7),
				0.0645,
				0.0765,
				0.486,
				0.4262 * (15 / 11),
				0.714875,
				0.6528 * (15 / 13),
				0.759 * (15 / 14),
				1
			];
			// Given shuffled, with a missing value, the answer keeps the order given.
			const order = [7, 0, 14, 3, 10, 1, 12, 5, 8, 2, 13, 4, 11, 6, 9];
			const given = [...order.map((i) => sorted[i]!), null];
			// As JSON: postgres.js reads a NULL inside a float8[] result as NaN.
			const adjusted = await one<(number | null)[]>('to_jsonb(app.bh_adjust($1::float8[]))', [
				given
			]);
			expect(adjusted).toHaveLength(16);
			expect(adjusted[15]).toBeNull();
			order.forEach((i, k) => expect(adjusted[k]).toBeCloseTo(expected[i]!, 12));
			const rejected = order.filter((_, k) => adjusted[k]! <= 0.05).map((i) => sorted[i]);
			expect(rejected.sort()).toEqual([0.0001, 0.0004, 0.0019, 0.0095]);
		});

		it('Mann-Kendall gives S, the variance with ties, Z and p of a worked example', async () => {
			// "A Mann-Kendall example (by hand)", J. Little, College of the Holy Cross
			// (mathcs.holycross.edu/~little/Montserrat/MannKendallByHand.txt), following Gilbert
			// (1987) ch. 16: 14 values, one pair tied (12.9); 72 later values larger, 18 smaller,
			// so S = 54; Var(S) = 14·13·33/18 − 2·1·9/18 = 332.666…; Z = (54 − 1)/√Var = 2.9058;
			// two-sided p = 2·(1 − Φ(2.9058)) = 0.003663 (the handout quotes the one-sided 0.0018).
			const series = [
				12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7
			];
			const mk = await one<{ n: number; s: number; var_s: number; z: number; p: number }>(
				'to_jsonb(app.mann_kendall($1::float8[]))',
				[series]
			);
			expect(mk.n).toBe(14);
			expect(mk.s).toBe(54);
			expect(mk.var_s).toBeCloseTo((14 * 13 * 33) / 18 - (2 * 1 * 9) / 18, 10);
			expect(mk.z).toBeCloseTo(53 / Math.sqrt(332 + 2 / 3), 10);
			expect(mk.z).toBeCloseTo(2.9058, 4);
			expect(mk.p).toBeCloseTo(0.0036627, 6);
		});

		it('Mann-Kendall corrects the variance for several groups of ties, as counts have', async () => {
			// By hand: 0 0 1 0 2 2 3. Later-minus-earlier signs per value: +4, +4, +2 (1 → 0 is −1,
			// then +3), +3, +1, +1: S = 15. Ties: three 0s (3·2·11 = 66) and two 2s (2·1·9 = 18);
			// Var(S) = (7·6·19 − 84)/18 = 714/18 = 39.666…; Z = 14/√39.666… = 2.2229; p = 0.02622.
			const mk = await one<{ s: number; var_s: number; z: number; p: number }>(
				'to_jsonb(app.mann_kendall($1::float8[]))',
				[[0, 0, 1, 0, 2, 2, 3]]
			);
			expect(mk.s).toBe(15);
			expect(mk.var_s).toBeCloseTo(714 / 18, 12);
			expect(mk.z).toBeCloseTo(14 / Math.sqrt(714 / 18), 12);
			expect(mk.p).toBeCloseTo(0.026224, 5);
			// A series with no change: S = 0, Z = 0, p = 1; missing months are left out.
			const flat = await one<{ n: number; s: number; z: number; p: number }>(
				'to_jsonb(app.mann_kendall($1::float8[]))',
				[[2, null, 2, 2]]
			);
			expect(flat).toMatchObject({ n: 3, s: 0, z: 0, p: 1 });
		});

		it('the Poisson change test gives the hand-computed z, band and arrow', async () => {
			// z = 2(√current − √previous): 25 vs 16 → 2(5 − 4) = 2, notable; 49 vs 16 → 6, strong;
			// 10 vs 9 → 2(3.1623 − 3) = 0.32, noise (no arrow); 0 vs 9 → −6; 16 vs 0 → 8 (no
			// percent from 0); a suppressed (null) count enters as 0.
			const cases: [number | null, number | null, object][] = [
				[25, 16, { difference: 9, percent: 56.3, z: 2, band: 'notable', direction: 'up' }],
				[49, 16, { difference: 33, percent: 206.3, z: 6, band: 'strong', direction: 'up' }],
				[10, 9, { difference: 1, percent: 11.1, z: 0.32, band: 'noise', direction: null }],
				[0, 9, { difference: -9, percent: -100, z: -6, band: 'strong', direction: 'down' }],
				[16, 0, { difference: 16, percent: null, z: 8, band: 'strong', direction: 'up' }],
				[null, 4, { difference: -4, percent: -100, z: -4, band: 'strong', direction: 'down' }]
			];
			for (const [c, p, expected] of cases) {
				expect(await one('app.count_change($1::int, $2::int)', [c, p])).toEqual(expected);
				// The browser's helper says the same.
				expect(countChange(c, p)).toEqual(expected);
			}
			expect(poissonZ(25, 16)).toBe(2);
			expect(await one<number>('app.poisson_z(10, 9)')).toBeCloseTo(2 * (Math.sqrt(10) - 3), 14);
		});

		it('emerging hot-spot patterns follow the published definitions', async () => {
			// 12 months, oldest first; 1 hot, −1 cold, 0 neither; the z trend's S and p.
			const H = 1;
			const C = -1;
			const cases: [number[], number, number, string][] = [
				[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, H], 0, 1, 'new-hot'],
				[[0, 0, 0, 0, 0, 0, 0, 0, 0, H, H, H], 20, 0.2, 'consecutive-hot'],
				[[H, H, H, H, H, H, H, H, H, H, H, H], 40, 0.01, 'intensifying-hot'],
				[[0, H, H, H, H, H, H, H, H, H, H, H], -40, 0.01, 'diminishing-hot'],
				[[H, H, H, H, H, 0, H, H, H, H, H, H], 4, 0.6, 'persistent-hot'],
				[[0, H, 0, 0, H, 0, 0, 0, 0, 0, H, H], 10, 0.3, 'sporadic-hot'],
				[[0, C, 0, 0, 0, 0, 0, 0, 0, 0, 0, H], 5, 0.5, 'oscillating-hot'],
				[[H, H, H, H, H, H, H, H, H, H, H, 0], -10, 0.3, 'historical-hot'],
				[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, C], 0, 1, 'new-cold'],
				[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, C, C], -8, 0.4, 'consecutive-cold'],
				[[C, C, C, C, C, C, C, C, C, C, C, C], -40, 0.01, 'intensifying-cold'],
				[[C, C, C, C, C, C, C, C, C, C, C, C], 40, 0.01, 'diminishing-cold'],
				[[C, C, C, C, C, C, C, C, C, C, C, C], 2, 0.9, 'persistent-cold'],
				[[C, 0, C, 0, 0, 0, 0, 0, 0, 0, 0, C], 0, 1, 'sporadic-cold'],
				[[H, H, 0, 0, 0, 0, 0, 0, 0, 0, C, C], -20, 0.2, 'oscillating-cold'],
				[[C, C, C, C, C, C, C, C, C, C, C, 0], 10, 0.3, 'historical-cold'],
				[[0, H, 0, C, 0, 0, H, 0, 0, 0, 0, 0], 0, 1, 'no-pattern'],
				// 11 of 12 hot then a cold final month: the final month decides (oscillating cold).
				[[H, H, H, H, H, H, H, H, H, H, H, C], -30, 0.03, 'oscillating-cold'],
				// 10 of 12 (83 %) is short of the 90 % that persistent needs.
				[[H, H, H, H, H, 0, H, H, H, H, 0, H], 0, 1, 'sporadic-hot']
			];
			for (const [bins, s, p, pattern] of cases) {
				expect([
					bins.join(','),
					await one('app.ehsa_pattern($1::int[], $2::int, $3::float8)', [bins, s, p])
				]).toEqual([bins.join(','), pattern]);
			}
		});

		it('road-safety weights and the black-spot rule are the stated ones', async () => {
			// EPDO 542 : 11 : 1 (AASHTO Highway Safety Manual, 2010, ch. 4).
			expect(await one('app.epdo_score(2, 3, 4)')).toBe(2 * 542 + 3 * 11 + 4);
			// Rule: 2 fatal; or 3+ accidents with 1 fatal; or 4+ with injured people.
			const rule = (n: number, fatal: number, injured: number) =>
				one<boolean>('app.black_spot_rule($1, $2, $3)', [n, fatal, injured]);
			expect(await rule(2, 2, 0)).toBe(true);
			expect(await rule(3, 1, 0)).toBe(true);
			expect(await rule(2, 1, 1)).toBe(false);
			expect(await rule(4, 0, 4)).toBe(true);
			expect(await rule(5, 0, 3)).toBe(false);
		});
	});
}
