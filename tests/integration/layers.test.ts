import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { ENGINES, openTestDb } from '../fixtures/db';
import { send } from '../fixtures/api';

for (const engine of ENGINES) {
	describe(`map layers and the situation panel on ${engine}`, () => {
		let db: Db;
		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('marks fire-risk sites whose last inspection is over 12 months old', async () => {
			const res = await send('/api/fire-sites', { as: 'commander' });
			const sites = res.body.features.map((f: any) => f.properties);
			expect(sites.length).toBe(48);
			const today = Date.now();
			for (const s of sites) {
				const ageDays = (today - Date.parse(s.lastInspectedOn)) / 86_400_000;
				if (ageDays > 367) expect(s.overdue).toBe(true);
				if (ageDays < 360) expect(s.overdue).toBe(false);
			}
			expect(sites.some((s: any) => s.overdue)).toBe(true);
		});

		it('keeps company teams apart from residential and statutory ones', async () => {
			const res = await send('/api/teams', { as: 'planner' });
			const kinds = res.body.features.map((f: any) => f.properties.kind);
			expect(kinds.filter((k: string) => k === 'company')).toHaveLength(35);
			expect(kinds).toHaveLength(75);
		});

		it('gives each patrol route its coverage buffer with a geodesic area', async () => {
			const res = await send('/api/patrol-routes', { as: 'planner' });
			for (const f of res.body.features) {
				expect(f.properties.coverage.type).toMatch(/Polygon/);
				expect(f.properties.coverageHa).toBeGreaterThan(1);
			}
			// The QL10 route: ~4.8 km long with a 150 m buffer each side ≈ 2 × 0.15 × 4.8 km² ≈ 150 ha.
			const ql10 = res.body.features.find((f: any) => f.properties.name.startsWith('Tuyến QL10'));
			expect(ql10.properties.coverageHa).toBeGreaterThan(120);
			expect(ql10.properties.coverageHa).toBeLessThan(190);
		});

		it('computes the situation with the Poisson test, for the board too', async () => {
			const res = await send('/api/situation', { as: 'board' });
			expect(res.status).toBe(200);
			const inc = res.body.incidents;
			// The board's figures are protected: null stands for "< 3" (disclosure.test.ts).
			const z = 2 * (Math.sqrt(inc.last7 ?? 0) - Math.sqrt(inc.previous7 ?? 0));
			expect(inc.z).toBeCloseTo(z, 2);
			expect(inc.significant).toBe(Math.abs(z) >= 2);
			expect(res.body.fireSites.overdueInspections).toBeGreaterThan(0);
			expect(Object.keys(res.body.accidents.monthToDate).sort()).toEqual([
				'accidents',
				'deaths',
				'injured'
			]);
			expect(Object.keys(res.body.accidents.sameTimeLastYear).sort()).toEqual([
				'accidents',
				'deaths',
				'injured'
			]);
		});

		it('marks a jump from 4 to 16 as significant but not one from 4 to 8', async () => {
			const [row] = await db.query<{ a: number; b: number }>(
				`select app.poisson_z(16, 4) as a, app.poisson_z(8, 4) as b`
			);
			expect(row!.a).toBeCloseTo(4, 5);
			expect(Math.abs(row!.b)).toBeLessThan(2);
		});

		it('refuses the situation to a team lead', async () => {
			const res = await send('/api/situation', { as: 'team_lead' });
			expect(res.status).toBe(403);
		});
	});
}
