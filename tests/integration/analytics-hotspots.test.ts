/**
 * Hot spots (issue 12; supabase/migrations/20261130000720_hotspots.sql) on every engine: Getis-Ord
 * Gi* against a grid computed by hand and against the formula computed independently here, the
 * Benjamini–Hochberg classes, emerging hot spots on designed data, what the board may see, the
 * refusals, and the same answers on every engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmergingHotspots, Hotspots } from '../../src/lib/domain/analytics';
import {
	incidentEmergingHotspots,
	incidentHotspots
} from '../../src/lib/server/analytics/hotspots.service';
import type { Claims, Db } from '../../src/lib/server/db/port';
import {
	cellCentre,
	circleZone,
	claimsFor,
	fixDisclosureSeed,
	hexFrame,
	placeIncidents,
	type PlacedIncident
} from '../fixtures/analytics';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';

const CELL = 200;
const VN = '+07:00';
const MARCH = {
	from: new Date(`2022-03-01T00:00:00${VN}`),
	to: new Date(`2022-04-01T00:00:00${VN}`)
};
const DECEMBER = {
	from: new Date(`2022-12-01T00:00:00${VN}`),
	to: new Date(`2023-01-01T00:00:00${VN}`)
};
const UNTIL = new Date(`2023-01-01T00:00:00${VN}`);
const RING = [
	[1, 0],
	[1, -1],
	[0, -1],
	[-1, 0],
	[-1, 1],
	[0, 1]
] as const;
/** Cluster centres of the designed scenarios (axial q, r), inside the 1.5 km zone. */
const P = [-3, 1] as const;
const N = [3, -2] as const;
const I = [-1, 3] as const;
const D = [2, -3] as const;

const key = (q: number, r: number) => `${q},${r}`;
const monthAt = (k: number) => new Date(`2022-${String(k + 1).padStart(2, '0')}-15T10:00:00${VN}`);

/** Numerical Recipes' erfc (Chebyshev fit, fractional error below 1.2e-7): independent of ours. */
function erfc(x: number): number {
	const z = Math.abs(x);
	const t = 1 / (1 + 0.5 * z);
	const r =
		t *
		Math.exp(
			-z * z -
				1.26551223 +
				t *
					(1.00002368 +
						t *
							(0.37409196 +
								t *
									(0.09678418 +
										t *
											(-0.18628806 +
												t *
													(0.27886807 +
														t *
															(-1.13520398 +
																t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
		);
	return x >= 0 ? r : 2 - r;
}

/**
 * Gi* (Ord & Getis 1995) of every cell, straight from the formula: binary weights for centres
 * within `band` metres (the cell itself included), n the cells of the grid, x̄ and S over them.
 */
function giStar(cells: [number, number][], x: Map<string, number>, size: number, band: number) {
	const n = cells.length;
	const xs = cells.map(([q, r]) => x.get(key(q, r)) ?? 0);
	const mean = xs.reduce((a, b) => a + b, 0) / n;
	const s = Math.sqrt(xs.reduce((a, b) => a + b * b, 0) / n - mean * mean);
	const centre = (q: number, r: number) => [size * Math.sqrt(3) * (q + r / 2), size * 1.5 * r];
	return cells.map(([q, r]) => {
		const [x0, y0] = centre(q, r);
		let w = 0;
		let wx = 0;
		cells.forEach(([q2, r2], j) => {
			const [x1, y1] = centre(q2, r2);
			if (Math.hypot(x1! - x0!, y1! - y0!) <= band + 1e-6) {
				w += 1;
				wx += xs[j]!;
			}
		});
		const z = (wx - mean * w) / (s * Math.sqrt((n * w - w * w) / (n - 1)));
		return { q, r, z, p: erfc(Math.abs(z) / Math.SQRT2) };
	});
}

/** Mann-Kendall S = Σ_{i<j} sign(x_j − x_i). */
const mannKendallS = (xs: number[]) =>
	xs.reduce((s, xi, i) => s + xs.slice(i + 1).reduce((t, xj) => t + Math.sign(xj - xi), 0), 0);

/** Benjamini–Hochberg adjusted p-values, in the order given. */
function bh(ps: number[]): number[] {
	const m = ps.length;
	const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
	const adjusted = new Array<number>(m);
	let run = 1;
	for (let rank = m; rank >= 1; rank--) {
		const [p, i] = order[rank - 1]!;
		run = Math.min(run, (m * p) / rank);
		adjusted[i] = Math.min(1, run);
	}
	return adjusted;
}

function classOf(z: number, adjusted: number): string {
	if (adjusted > 0.1) return 'none';
	const level = adjusted <= 0.01 ? '99' : adjusted <= 0.05 ? '95' : '90';
	return `${z > 0 ? 'hot' : 'cold'}-${level}`;
}

/** What the designed 1.5 km zone holds: per category, month (0–11) → cell → count. */
function scenario(cells: [number, number][], frameCells: (q: number, r: number) => boolean) {
	const counts: Record<string, Map<string, number>[]> = {};
	const add = (cat: string, k: number, q: number, r: number, n: number) => {
		const m = (counts[cat] ??= Array.from({ length: 12 }, () => new Map<string, number>()))[k]!;
		m.set(key(q, r), (m.get(key(q, r)) ?? 0) + n);
	};
	const cluster = (
		cat: string,
		k: number,
		[q, r]: readonly [number, number],
		c: number,
		ring: number
	) => {
		add(cat, k, q, r, c);
		for (const [dq, dr] of RING) add(cat, k, q + dq, r + dr, ring);
	};
	for (const cat of ['theft', 'fraud', 'robbery']) {
		for (let k = 0; k < 12; k++) {
			// Background: one incident in every seventh inner cell, moving month by month.
			for (const [q, r] of cells) {
				if (frameCells(q, r) && (((q - r + k) % 7) + 7) % 7 === 0) add(cat, k, q, r, 1);
			}
			if (cat === 'theft') {
				cluster(cat, k, P, 10, 3); // the same every month: persistent
				if (k === 11) cluster(cat, k, N, 10, 3); // only the last month: new
			}
			if (cat === 'fraud') cluster(cat, k, I, 1 + k, 1 + k); // growing: intensifying
			if (cat === 'robbery') cluster(cat, k, D, 12 - k, 12 - k); // shrinking: diminishing
		}
	}
	return counts;
}

/** Results by engine, compared at the end. */
const results: Record<string, Record<string, unknown>> = {};

const errorOf = async (p: Promise<unknown>) => {
	const err = (await p.then(
		() => null,
		(e: unknown) => e
	)) as { code?: string; column?: string; column_name?: string } | null;
	return { code: err?.code, column: err?.column ?? err?.column_name };
};

for (const engine of ENGINES) {
	describe(`hot spots on ${engine}`, () => {
		let db: Db;
		let handZone: string;
		let bigZone: string;
		let commander: Claims;
		let board: Claims;
		let gridCells: [number, number][];
		let counts: ReturnType<typeof scenario>;

		const as = <T>(
			claims: Claims,
			fn: (q: Parameters<Parameters<Db['asCaller']>[1]>[0]) => Promise<T>
		) => db.asCaller(claims, fn);

		beforeAll(async () => {
			db = await openTestDb(engine);
			await fixDisclosureSeed(db);
			handZone = await circleZone(db, 'hand-grid', 106.7, 20.7, 1.5 * CELL);
			bigZone = await circleZone(db, 'ehsa-grid', 106.75, 20.75, 1500);
			commander = claimsFor('commander', [handZone, bigZone]);
			board = claimsFor('board', [handZone, bigZone]);

			// The hand grid: 6 incidents in the centre cell, 3 in (1, 0), 1 in (1, −1), in March.
			const hf = await hexFrame(db, handZone);
			const hand: PlacedIncident[] = [];
			const put = (q: number, r: number, n: number) => {
				const [lon, lat] = cellCentre(hf, CELL, q, r);
				for (let i = 0; i < n; i++)
					hand.push({ lon, lat, at: new Date(`2022-03-10T10:00:00${VN}`), category: 'theft' });
			};
			put(0, 0, 6);
			put(1, 0, 3);
			put(1, -1, 1);
			await placeIncidents(db, handZone, hand);

			// The designed 1.5 km zone: its grid as the hot-spot answer lists it.
			const empty = await as(commander, (q) =>
				incidentHotspots(q, { zoneId: bigZone, ...MARCH, cellM: CELL })
			);
			gridCells = empty.features.map((f) => [f.properties.q, f.properties.r]);
			const bf = await hexFrame(db, bigZone);
			const inner = (q: number, r: number) => {
				const [x, y] = [CELL * Math.sqrt(3) * (q + r / 2), CELL * 1.5 * r];
				return Math.hypot(x, y) <= 1300;
			};
			counts = scenario(gridCells, inner);
			const rows: PlacedIncident[] = [];
			for (const [category, months] of Object.entries(counts)) {
				months.forEach((m, k) => {
					for (const [cell, n] of m) {
						const [q, r] = cell.split(',').map(Number) as [number, number];
						const [lon, lat] = cellCentre(bf, CELL, q, r);
						for (let i = 0; i < n; i++) rows.push({ lon, lat, at: monthAt(k), category });
					}
				});
			}
			await placeIncidents(db, bigZone, rows);
			results[engine] = {};
		});
		afterAll(async () => {
			await db?.close();
		});

		it('Gi* of a seven-cell grid is what the formula gives by hand', async () => {
			const hs = await as(commander, (q) =>
				incidentHotspots(q, { zoneId: handZone, ...MARCH, cellM: CELL })
			);
			// A circle of 1.5 cells' radius holds the centre cell and its ring; the band defaults
			// to twice the cell (400 m), which reaches the ring (346 m apart) and no further.
			expect(hs.cells).toBe(7);
			expect(hs.bandM).toBe(400);
			const byCell = new Map(
				hs.features.map((f) => [key(f.properties.q, f.properties.r), f.properties])
			);
			expect([...byCell.keys()].sort()).toEqual([
				'-1,0',
				'-1,1',
				'0,-1',
				'0,0',
				'0,1',
				'1,-1',
				'1,0'
			]);
			// n = 7, Σx = 10, Σx² = 46: x̄ = 10/7, S = √(46/7 − 100/49) = √222/7.
			// A ring cell has W = 4 neighbours (itself, the centre, two ring cells):
			//   z = (Σ_j x_j − 4·10/7) / (S·√((7·4 − 4²)/6)) = (Σ_j x_j − 40/7)·7/√444.
			// (1, 0):  3 + 6 + 1 + 0 = 10 → 30/√444 = 1.4237
			// (1, −1): 1 + 6 + 3 + 0 = 10 → 1.4237
			// (0, −1): 0 + 6 + 1 + 0 = 7  →  9/√444 = 0.4271
			// (−1, 0): 0 + 6 + 0 + 0 = 6  →  2/√444 = 0.0949
			// (−1, 1): 0 + 6 + 0 + 0 = 6  →  0.0949
			// (0, 1):  0 + 6 + 0 + 3 = 9  → 23/√444 = 1.0915
			// The centre neighbours all 7 cells: n·W − W² = 0, z undefined (null).
			const hand: Record<string, number | null> = {
				'1,0': 30 / Math.sqrt(444),
				'1,-1': 30 / Math.sqrt(444),
				'0,-1': 9 / Math.sqrt(444),
				'-1,0': 2 / Math.sqrt(444),
				'-1,1': 2 / Math.sqrt(444),
				'0,1': 23 / Math.sqrt(444),
				'0,0': null
			};
			for (const [cell, z] of Object.entries(hand)) {
				const got = byCell.get(cell)!;
				if (z === null) expect(got.giZ).toBeNull();
				else expect(got.giZ).toBeCloseTo(z, 4);
			}
			expect(byCell.get('0,0')!.count).toBe(6);
			expect(byCell.get('1,0')!.neighbours).toBe(4);
			// Two-sided p of 1.4237: 0.15452; nothing is significant in so small a grid.
			expect(byCell.get('1,0')!.giP).toBeCloseTo(0.154523, 5);
			expect(hs.features.every((f) => f.properties.hotspotClass === 'none')).toBe(true);
			expect(hs).toMatchObject({ mean: 1.42857, sd: 2.12852, total: 10, disclosure: 'exact' });
		});

		it('Gi*, the FDR correction and the classes of a larger grid match the formula computed independently', async () => {
			// Every cell within 1.3 km of the centre is in the grid, and none beyond 1.5 km + a cell.
			const dist = ([q, r]: [number, number]) =>
				Math.hypot(CELL * Math.sqrt(3) * (q + r / 2), CELL * 1.5 * r);
			const inGrid = new Set(gridCells.map(([q, r]) => key(q, r)));
			for (let q = -10; q <= 10; q++) {
				for (let r = -10; r <= 10; r++) {
					if (dist([q, r]) <= 1300) expect(inGrid.has(key(q, r))).toBe(true);
					if (dist([q, r]) > 1500 + CELL) expect(inGrid.has(key(q, r))).toBe(false);
				}
			}
			const hs = await as(commander, (q) =>
				incidentHotspots(q, { zoneId: bigZone, ...DECEMBER, cellM: CELL, categories: ['theft'] })
			);
			results[engine]!.hotspots = hs;
			const expected = giStar(gridCells, counts.theft![11]!, CELL, 400);
			const adjusted = bh(expected.map((e) => e.p));
			const got = new Map(
				hs.features.map((f) => [key(f.properties.q, f.properties.r), f.properties])
			);
			expected.forEach((e, i) => {
				const g = got.get(key(e.q, e.r))!;
				expect(g.count).toBe(counts.theft![11]!.get(key(e.q, e.r)) ?? 0);
				expect(g.giZ).toBeCloseTo(e.z, 4);
				expect(Math.abs(g.giP! - e.p)).toBeLessThan(1e-6 + 1e-6 * e.p);
				expect([key(e.q, e.r), g.hotspotClass]).toEqual([
					key(e.q, e.r),
					classOf(e.z, adjusted[i]!)
				]);
			});
			// The designed clusters are hot at 99 %; the grid has cold spots nowhere.
			expect(got.get(key(...P))!.hotspotClass).toBe('hot-99');
			expect(got.get(key(...N))!.hotspotClass).toBe('hot-99');
			expect(hs.fdr).toEqual({
				method: 'benjamini-hochberg',
				levels: [0.1, 0.05, 0.01],
				tests: gridCells.length
			});
		});

		it('emerging hot spots find the designed persistent, new, intensifying and diminishing hot spots', async () => {
			const run = (category: string) =>
				as(commander, (q) =>
					incidentEmergingHotspots(q, {
						zoneId: bigZone,
						until: UNTIL,
						cellM: CELL,
						categories: [category]
					})
				);
			const pattern = (e: EmergingHotspots, [q, r]: readonly [number, number]) =>
				e.features.find((f) => f.properties.q === q && f.properties.r === r)!.properties;
			const theft = await run('theft');
			results[engine]!.emerging = theft;
			expect(theft.slices).toHaveLength(12);
			expect(theft.slices[0]).toEqual({
				from: '2021-12-31T17:00:00.000Z',
				to: '2022-01-31T17:00:00.000Z'
			});
			expect(pattern(theft, P).pattern).toBe('persistent-hot');
			expect(pattern(theft, N).pattern).toBe('new-hot');
			expect(pattern(theft, N).counts).toEqual(counts.theft!.map((m) => m.get(key(...N)) ?? 0));
			expect(pattern(theft, N).counts[11]).toBeGreaterThanOrEqual(10);
			expect(
				(await run('fraud')).features.find(
					(f) => f.properties.q === I[0] && f.properties.r === I[1]
				)!.properties.pattern
			).toBe('intensifying-hot');
			const robbery = await run('robbery');
			const d = pattern(robbery, D);
			expect(d.pattern).toBe('diminishing-hot');
			const dCounts = counts.robbery!.map((m) => m.get(key(...D)) ?? 0);
			expect(d.counts).toEqual(dCounts);
			// The counts' own trend: falling, significantly (S by hand: the sum of signs of later
			// minus earlier months).
			expect(d.countTrend).toMatchObject({ direction: 'down', s: mannKendallS(dCounts) });
			// Each month's z is the formula's, computed independently.
			const zs = counts.robbery!.map(
				(m) => giStar(gridCells, m, CELL, 400).find((e) => e.q === D[0] && e.r === D[1])!.z
			);
			d.giZ!.forEach((z, k) => expect(z).toBeCloseTo(zs[k]!, 4));
			expect(d.zTrend!.s).toBe(mannKendallS(zs));
		});

		it('the board gets each cell’s count as the hex-bin layer publishes it and the class, but no z-score or p-value', async () => {
			const hs = await as(board, (q) =>
				incidentHotspots(q, { zoneId: bigZone, ...DECEMBER, cellM: CELL, categories: ['theft'] })
			);
			const exact = await as(commander, (q) =>
				incidentHotspots(q, { zoneId: bigZone, ...DECEMBER, cellM: CELL, categories: ['theft'] })
			);
			const layer = await as(board, (q) =>
				q.query<{ q: number; r: number; n: number | null }>(
					'select q, r, n from app.incident_hex_bins($1, $2, $3, $4, $5)',
					[bigZone, DECEMBER.from, DECEMBER.to, CELL, ['theft']]
				)
			);
			const published = new Map(layer.map((c) => [key(c.q, c.r), c.n]));
			expect(hs.disclosure).toBe('protected');
			expect(hs.features).toHaveLength(exact.features.length);
			hs.features.forEach((f, i) => {
				const p = f.properties;
				expect(p.giZ).toBeNull();
				expect(p.giP).toBeNull();
				expect(p.count).toBe(published.get(key(p.q, p.r)) ?? null);
				if (p.count !== null) expect(p.count).toBeGreaterThanOrEqual(3);
				// The statistics are computed on true counts: the commander's classes.
				expect(p.hotspotClass).toBe(exact.features[i]!.properties.hotspotClass);
			});
			expect(hs.mean).toBeNull();
			expect(hs.sd).toBeNull();
			expect(hs.suppressed).toBe(true);
			results[engine]!.boardHotspots = hs;

			const emerging = await as(board, (q) =>
				incidentEmergingHotspots(q, {
					zoneId: bigZone,
					until: UNTIL,
					cellM: CELL,
					categories: ['robbery']
				})
			);
			const d = emerging.features.find(
				(f) => f.properties.q === D[0] && f.properties.r === D[1]
			)!.properties;
			expect(d.pattern).toBe('diminishing-hot');
			expect(d.giZ).toBeNull();
			expect(d.zTrend).toBeNull();
			expect(d.countTrend).toEqual({ direction: 'down' });
			for (const f of emerging.features) {
				for (const n of f.properties.counts) if (n !== null) expect(n).toBeGreaterThanOrEqual(3);
			}
			results[engine]!.boardEmerging = emerging;
		});

		it('the board is refused hexagons under 200 m, and everyone a band that does not reach the first ring', async () => {
			expect(
				await errorOf(
					as(board, (q) => incidentHotspots(q, { zoneId: bigZone, ...DECEMBER, cellM: 150 }))
				)
			).toEqual({ code: '22023', column: 'cellM' });
			expect(
				await errorOf(
					as(board, (q) =>
						incidentEmergingHotspots(q, { zoneId: bigZone, until: UNTIL, cellM: 150 })
					)
				)
			).toEqual({ code: '22023', column: 'cellM' });
			// √3 × 200 m = 346 m to the first ring.
			expect(
				await errorOf(
					as(commander, (q) =>
						incidentHotspots(q, { zoneId: bigZone, ...DECEMBER, cellM: CELL, bandM: 300 })
					)
				)
			).toEqual({ code: '22023', column: 'bandM' });
			expect(
				await errorOf(
					as(commander, (q) =>
						incidentEmergingHotspots(q, { zoneId: bigZone, until: UNTIL, months: 6 })
					)
				)
			).toEqual({ code: '22023', column: 'months' });
			// A commander may use small cells.
			const small = await as(commander, (q) =>
				incidentHotspots(q, { zoneId: handZone, ...MARCH, cellM: 100 })
			);
			expect(small.cellM).toBe(100);
		});

		it('a liaison officer, a team lead and a caller of another zone are refused', async () => {
			for (const role of ['liaison', 'team_lead']) {
				expect(
					await errorOf(
						as(claimsFor(role, [bigZone], ['11617']), (q) =>
							incidentHotspots(q, { zoneId: bigZone, ...DECEMBER, cellM: CELL })
						)
					)
				).toMatchObject({ code: '42501' });
				expect(
					await errorOf(
						as(claimsFor(role, [bigZone], ['11617']), (q) =>
							incidentEmergingHotspots(q, { zoneId: bigZone, until: UNTIL, cellM: CELL })
						)
					)
				).toMatchObject({ code: '42501' });
			}
			const elsewhere = claimsFor('commander', [await demoZoneId(db)]);
			expect(
				await errorOf(
					as(elsewhere, (q) => incidentHotspots(q, { zoneId: bigZone, ...DECEMBER, cellM: CELL }))
				)
			).toMatchObject({ code: '42501' });
			expect(
				await errorOf(
					as(claimsFor('board', [await demoZoneId(db)]), (q) =>
						incidentEmergingHotspots(q, { zoneId: bigZone, until: UNTIL, cellM: CELL })
					)
				)
			).toMatchObject({ code: '42501' });
		});
	});
}

describe('hot spots across engines', () => {
	it.runIf(ENGINES.length > 1)('every engine gives the same answers, exact and protected', () => {
		const [first, ...rest] = ENGINES;
		const strip = (fc: Hotspots | EmergingHotspots | unknown) =>
			// Coordinates come from cos/sin of the C library, which may differ in the last bit;
			// GeoJSON keeps 6 decimals, so they are compared as numbers, to 1e-6 degrees.
			JSON.parse(JSON.stringify(fc), (k, v) => (k === 'coordinates' ? undefined : v));
		for (const other of rest) {
			for (const name of ['hotspots', 'emerging', 'boardHotspots', 'boardEmerging']) {
				expect([other, name, strip(results[other]![name])]).toEqual([
					other,
					name,
					strip(results[first!]![name])
				]);
			}
			const coords = (fc: unknown) =>
				(fc as Hotspots).features.flatMap((f) => f.geometry.coordinates.flat(2));
			const a = coords(results[first!]!.hotspots);
			coords(results[other]!.hotspots).forEach((c, i) =>
				expect(Math.abs(c - a[i]!)).toBeLessThanOrEqual(1.1e-6)
			);
		}
	});
});
