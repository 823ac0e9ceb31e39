/**
 * The disclosure rule for aggregate-only roles (issue 9 §1; README "Disclosure rule"): the attacks
 * that re-identified single incidents from the board's aggregates, performed through the routes,
 * fail for the board, while a commander still gets exact answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../src/lib/domain/categories';
import { TIP_STATUSES } from '../../src/lib/domain/tip-status';
import { claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { demoZoneId, ENGINES, openTestDb, principalOf } from '../fixtures/db';
import { send } from '../fixtures/api';

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;
/** A day before the demo data starts (2023): only the incidents a test puts there. */
const LONE_DAY = new Date('2022-06-15T00:00:00+07:00');
/** The lone incident's instant: 10:17:23 Vietnam time on LONE_DAY. */
const LONE_AT = new Date('2022-06-15T10:17:23+07:00');
/** Two incidents of different categories on another empty day. */
const PAIR_DAY = new Date('2022-06-20T00:00:00+07:00');
/** A week of demo data (Monday to Monday, Vietnam time) for the bisection attack. */
const WEEK = {
	from: new Date('2026-10-05T00:00:00+07:00'),
	to: new Date('2026-10-12T00:00:00+07:00')
};
/** The attack recovered a week in 626 requests; the attacker here gets as many. */
const BUDGET = 626;

const isVnMidnight = (iso: string) => (Date.parse(iso) + VN_OFFSET_MS) % DAY_MS === 0;

const qs = (params: Record<string, string | number | undefined>) => {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, String(v));
	return `?${p}`;
};

/** Every count a protected answer carries is null ("< 3") or at least 3. */
function expectNoSmallCounts(values: readonly unknown[]): void {
	for (const v of values) {
		if (v === null) continue;
		expect(typeof v).toBe('number');
		expect(v as number).toBeGreaterThanOrEqual(3);
	}
}

const hexCounts = (body: any): unknown[] => body.features.map((f: any) => f.properties.count);
const statsCounts = (body: any): unknown[] => [
	body.total,
	...Object.values(body.byCategory),
	...Object.values(body.byUnit)
];

for (const engine of ENGINES) {
	describe(`disclosure rule on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let board: Principal;
		let commander: Principal;
		let loneId: number;

		/** GET as a demo account (each is named after its role). */
		const get = (path: string, principal: Principal) => send(path, { as: principal.role });

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			zoneId = await demoZoneId(db);
			board = await principalOf(db, 'board');
			commander = await principalOf(db, 'commander');
			const insert = (at: Date, category: string, lon: number, status = 'handling') =>
				db.query<{ id: number }>(
					`insert into incidents (zone_id, category, occurred_at, geom, status)
					values ($1, $2, $3, st_setsrid(st_makepoint($4, 20.8619), 4326), $5) returning id`,
					[zoneId, category, at, lon, status]
				);
			[{ id: loneId }] = (await insert(LONE_AT, 'robbery', 106.5619)) as [{ id: number }];
			await insert(new Date(PAIR_DAY.getTime() + 9 * 3_600_000), 'theft', 106.57);
			await insert(new Date(PAIR_DAY.getTime() + 15 * 3_600_000), 'fraud', 106.58, 'new');
			// Tips on two days of the demo period: 1 on the first, 4 on the second.
			for (const [day, n] of [
				['2026-10-06', 1],
				['2026-10-07', 4]
			] as const) {
				for (let i = 0; i < n; i++) {
					await db.query(
						`insert into tips (zone_id, description, follow_up_hash, created_at)
						values ($1, 'Có người lạ theo dõi kho hàng (kiểm thử)', $2, $3)`,
						[zoneId, `disclosure-${day}-${i}`, new Date(`${day}T08:0${i}:00+07:00`)]
					);
				}
			}
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		// ——— the thin-slice attack ———

		it('refuses hexagons smaller than 200 m to the board, naming size, and lets a commander have them', async () => {
			const slice = {
				from: LONE_AT.toISOString(),
				to: new Date(LONE_AT.getTime() + 1000).toISOString()
			};
			for (const size of [25, 199]) {
				const res = await get(`/api/incidents/hexbins${qs({ ...slice, size })}`, board);
				expect(res.status).toBe(400);
				expect(res.body.field).toBe('size');
				expect(res.body.error).toMatch(/^size: .*200/);
			}
			const exact = await get(`/api/incidents/hexbins${qs({ ...slice, size: 25 })}`, commander);
			expect(exact.status).toBe(200);
			expect(hexCounts(exact.body)).toEqual([1]);
			expect(exact.body.window).toEqual(slice);
			expect(exact.body.disclosure).toBe('exact');
		});

		it('widens a one-second window to the whole Vietnam day for the board, says so, and answers exactly as for the day', async () => {
			const slice = {
				from: LONE_AT.toISOString(),
				to: new Date(LONE_AT.getTime() + 1000).toISOString()
			};
			const day = {
				from: LONE_DAY.toISOString(),
				to: new Date(LONE_DAY.getTime() + DAY_MS).toISOString()
			};
			for (const path of ['/api/incidents/hexbins', '/api/stats/incidents']) {
				const thin = await get(
					`${path}${qs({ ...slice, size: path.endsWith('hexbins') ? 200 : undefined })}`,
					board
				);
				const whole = await get(
					`${path}${qs({ ...day, size: path.endsWith('hexbins') ? 200 : undefined })}`,
					board
				);
				expect(thin.status).toBe(200);
				expect(thin.body.window).toEqual(day);
				expect(thin.body.disclosure).toBe('protected');
				// Only the echo of the window asked for (`from`, `to` of the statistics) differs.
				expect({ ...thin.body, from: 0, to: 0 }).toEqual({ ...whole.body, from: 0, to: 0 });
			}
		});

		it('shows the board no count of 1 or 2 in any cell, category, unit or status of the lone incident’s day', async () => {
			const day = {
				from: LONE_DAY.toISOString(),
				to: new Date(LONE_DAY.getTime() + DAY_MS).toISOString()
			};
			for (const size of [200, 250, 500, 1000]) {
				for (const filter of [
					{},
					{ category: 'robbery' },
					{ status: 'handling' },
					{ category: 'robbery', status: 'handling' }
				]) {
					const res = await get(`/api/incidents/hexbins${qs({ ...day, size, ...filter })}`, board);
					expect(res.status).toBe(200);
					expectNoSmallCounts(hexCounts(res.body));
					expectNoSmallCounts([res.body.total]);
					for (const f of res.body.features) {
						expect(f.properties.suppressed).toBe(f.properties.count === null);
					}
				}
			}
			const s = await get(`/api/stats/incidents${qs(day)}`, board);
			expectNoSmallCounts(statsCounts(s.body));
			// Every category is listed, so the lone incident's category is not told by its presence.
			expect(Object.keys(s.body.byCategory).sort()).toEqual([...CATEGORY_CODES].sort());
			// The commander, asking the same, sees the single incident and its category.
			const exact = await get(`/api/stats/incidents${qs(day)}`, commander);
			expect(exact.body).toMatchObject({
				total: 1,
				byCategory: { robbery: 1 },
				disclosure: 'exact'
			});
		});

		it('gives the board the same answers wherever in its day the lone incident happened', async () => {
			const day = {
				from: LONE_DAY.toISOString(),
				to: new Date(LONE_DAY.getTime() + DAY_MS).toISOString()
			};
			const answers = async () => [
				(await get(`/api/incidents/hexbins${qs({ ...day, size: 200 })}`, board)).body,
				(await get(`/api/stats/incidents${qs(day)}`, board)).body,
				(await get(`/api/incidents/hexbins${qs({ ...day, size: 200, status: 'handling' })}`, board))
					.body
			];
			const before = await answers();
			await db.query(
				`update incidents set occurred_at = occurred_at + interval '9 hours' where id = $1`,
				[loneId]
			);
			try {
				expect(await answers()).toEqual(before);
			} finally {
				await db.query(`update incidents set occurred_at = $2 where id = $1`, [loneId, LONE_AT]);
			}
		});

		it('suppresses the small category cells of a day with two incidents, and never shows their true counts', async () => {
			const day = {
				from: PAIR_DAY.toISOString(),
				to: new Date(PAIR_DAY.getTime() + DAY_MS).toISOString()
			};
			const res = await get(`/api/stats/incidents${qs(day)}`, board);
			expectNoSmallCounts(statsCounts(res.body));
			expect(res.body.suppressed).toBe(true);
			const nulls = Object.values(res.body.byCategory).filter((v) => v === null);
			expect(nulls.length).toBeGreaterThanOrEqual(2);
			expect(res.body.total).not.toBe(2);
		});

		it('suppresses the next smallest key of a margin that has exactly one suppressed key', async () => {
			const margin = async (counts: Record<string, number>) => {
				const [row] = await db.query<{ m: Record<string, number | null> }>(
					`select app.published_margin($1::jsonb) as m`,
					[JSON.stringify(counts)]
				);
				return row!.m;
			};
			expect(await margin({ a: 0, b: 5, c: 7, d: 5 })).toEqual({ a: null, b: null, c: 7, d: 5 });
			expect(await margin({ a: 0, b: 0, c: 5 })).toEqual({ a: null, b: null, c: 5 });
			expect(await margin({ a: 4, b: 5 })).toEqual({ a: 4, b: 5 });
		});

		// ——— the bisection attack ———

		/**
		 * The attacker of the report: bisect a week with `stats.total`, taking each half's total
		 * from one request and the other half's by difference, until a window holds exactly one
		 * incident; then it knows that incident's time to the window's width. It reads the window
		 * each answer says it counted and splits there, so it never mixes overlapping windows; it
		 * stops where the server no longer narrows the window.
		 */
		async function bisectionAttack(principal: Principal) {
			let requests = 0;
			const widths: number[] = [];
			const differences: number[] = [];
			const isolated: { from: number; to: number }[] = [];
			const total = async (from: number, to: number) => {
				requests++;
				const res = await get(
					`/api/stats/incidents${qs({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })}`,
					principal
				);
				expect(res.status).toBe(200);
				// Before the rule, answers named only the window asked for (`from`, `to`).
				const said = res.body.window ?? res.body;
				const w = { from: Date.parse(said.from), to: Date.parse(said.to) };
				widths.push(w.to - w.from);
				return { n: (res.body.total ?? 0) as number, ...w };
			};
			const walk = async (from: number, to: number, n: number): Promise<void> => {
				if (n <= 0 || requests >= BUDGET) return;
				if (n === 1) {
					isolated.push({ from, to });
					return;
				}
				if (to - from <= 1000) return;
				const left = await total(from, from + Math.floor((to - from) / 2000) * 1000);
				// The server counted a window no narrower than this one: no finer split exists.
				if (left.from !== from || left.to >= to) return;
				const right = n - left.n;
				differences.push(right);
				await walk(from, left.to, left.n);
				await walk(left.to, to, right);
			};
			const week = await total(WEEK.from.getTime(), WEEK.to.getTime());
			await walk(week.from, week.to, week.n);
			return { requests, widths, differences, isolated };
		}

		it('lets the bisection attack isolate every incident of a week for a commander, to the second', async () => {
			const [{ n }] = (await db.query<{ n: number }>(
				`select count(*)::int as n from incidents where zone_id = $1 and occurred_at >= $2 and occurred_at < $3`,
				[zoneId, WEEK.from, WEEK.to]
			)) as [{ n: number }];
			expect(n).toBeGreaterThan(5);
			const attack = await bisectionAttack(commander);
			expect(attack.isolated).toHaveLength(n);
			expect(attack.requests).toBeLessThanOrEqual(BUDGET);
		});

		it('defeats the bisection attack for the board: whole days only, and no difference isolates an incident', async () => {
			const attack = await bisectionAttack(board);
			expect(attack.requests).toBeGreaterThan(0);
			expect(attack.isolated).toEqual([]);
			// No answer counted less than a whole day, and no difference of two answers is 1 or 2.
			expect(Math.min(...attack.widths)).toBeGreaterThanOrEqual(DAY_MS);
			for (const w of attack.widths) expect(w % DAY_MS).toBe(0);
			for (const d of attack.differences) expect([1, 2]).not.toContain(d);
			// Day by day, the published totals add up to the week's: differencing days learns what
			// asking for each day tells, nothing finer.
			let sum = 0;
			for (let t = WEEK.from.getTime(); t < WEEK.to.getTime(); t += DAY_MS) {
				const res = await get(
					`/api/stats/incidents${qs({ from: new Date(t).toISOString(), to: new Date(t + DAY_MS).toISOString() })}`,
					board
				);
				expectNoSmallCounts(statsCounts(res.body));
				sum += res.body.total ?? 0;
			}
			const week = await get(
				`/api/stats/incidents${qs({ from: WEEK.from.toISOString(), to: WEEK.to.toISOString() })}`,
				board
			);
			expect(week.body.total ?? 0).toBe(sum);
		});

		// ——— exact for everyone else ———

		it('gives a commander exact counts, equal to a direct count in SQL', async () => {
			const w = { from: '2026-09-01T00:00:00+07:00', to: '2026-10-01T00:00:00+07:00' };
			const s = await get(`/api/stats/incidents${qs(w)}`, commander);
			const rows = await db.query<{ category: string; n: number }>(
				`select category, count(*)::int as n from incidents where zone_id = $1 and occurred_at >= $2 and occurred_at < $3 group by 1`,
				[zoneId, w.from, w.to]
			);
			expect(s.body.byCategory).toEqual(Object.fromEntries(rows.map((r) => [r.category, r.n])));
			expect(s.body.total).toBe(rows.reduce((a, r) => a + r.n, 0));
			expect(s.body.window).toEqual({
				from: new Date(w.from).toISOString(),
				to: new Date(w.to).toISOString()
			});
			const h = await get(`/api/incidents/hexbins${qs({ ...w, size: 250 })}`, commander);
			expect(h.body.total).toBe(s.body.total);
			expect(h.body.features.some((f: any) => f.properties.count < 3)).toBe(true);
			const t = await get(
				`/api/tips/counts${qs({ from: '2026-10-06', to: '2026-10-08' })}`,
				commander
			);
			expect(t.body).toMatchObject({
				total: 5,
				disclosure: 'exact',
				byStatus: { received: 5, verifying: 0 }
			});
			const sit = await get('/api/situation', commander);
			const [open] = await db.query<{ n: number }>(
				`select count(*)::int as n from incidents where zone_id = $1 and status in ('new', 'handling')`,
				[zoneId]
			);
			expect(sit.body.incidents.open).toBe(open!.n);
			expect(sit.body.disclosure).toBe('exact');
		});

		it('keeps the board’s published counts within 2 of the truth per elementary cell, and the same on every asking', async () => {
			const w = { from: '2026-09-01T00:00:00+07:00', to: '2026-10-01T00:00:00+07:00' };
			const a = await get(`/api/stats/incidents${qs(w)}`, board);
			const b = await get(`/api/stats/incidents${qs(w)}`, board);
			expect(a.body).toEqual(b.body);
			const [row] = await db.query<{ n: number; cells: number }>(
				`select count(*)::int as n, count(distinct app.vn_day(occurred_at))::int as cells
				from incidents where zone_id = $1 and occurred_at >= $2 and occurred_at < $3`,
				[zoneId, w.from, w.to]
			);
			expect(Math.abs(a.body.total - row!.n)).toBeLessThanOrEqual(2 * row!.cells);
			expectNoSmallCounts(statsCounts(a.body));
		});

		it('gives the board tip counts by status with every status listed and none of 1 or 2', async () => {
			const res = await get(
				`/api/tips/counts${qs({ from: '2026-10-06T12:00:00+07:00', to: '2026-10-06T12:00:01+07:00' })}`,
				board
			);
			expect(res.status).toBe(200);
			expect(res.body.window).toEqual({
				from: new Date('2026-10-06T00:00:00+07:00').toISOString(),
				to: new Date('2026-10-07T00:00:00+07:00').toISOString()
			});
			expect(Object.keys(res.body.byStatus).sort()).toEqual([...TIP_STATUSES].sort());
			expectNoSmallCounts([res.body.total, ...Object.values(res.body.byStatus)]);
			// One tip that day: published as "< 3" or as 3 (its key decides), never as 1.
			expect([null, 3]).toContain(res.body.byStatus.received);
			expect(res.body.byStatus.verifying).toBeNull();
		});

		it('gives the board a situation panel of whole days with no count of 1 or 2, accidents exact', async () => {
			const res = await get('/api/situation', board);
			expect(res.status).toBe(200);
			expect(res.body.disclosure).toBe('protected');
			const inc = res.body.incidents;
			expectNoSmallCounts([
				inc.today,
				inc.last7,
				inc.previous7,
				inc.open,
				res.body.tips.awaitingTriage
			]);
			for (const w of Object.values(res.body.windows) as { from: string; to: string }[]) {
				expect(isVnMidnight(w.from) && isVnMidnight(w.to)).toBe(true);
			}
			const exact = await get('/api/situation', commander);
			expect(res.body.accidents).toEqual(exact.body.accidents);
		});

		// ——— in SQL, not only in the routes ———

		it('enforces the rule in the SQL functions the board can call, and hides the keys behind it', async () => {
			const as = <T>(sql: string, params: unknown[] = []) =>
				db.asCaller(claimsOf(board), (q) => q.query<T & Record<string, unknown>>(sql, params));
			const second = new Date(LONE_AT.getTime() + 1000);
			await expect(
				as(`select * from app.incident_hex_bins($1, $2, $3, 25)`, [zoneId, LONE_AT, second])
			).rejects.toMatchObject({ code: '22023' });
			const bins = await as<{ n: number | null }>(
				`select n from app.incident_hex_bins($1, $2, $3, 200)`,
				[zoneId, LONE_AT, second]
			);
			expectNoSmallCounts(bins.map((b) => b.n));
			const [{ s }] = (await as<{ s: any }>(`select app.incident_stats($1, $2, $3) as s`, [
				zoneId,
				LONE_AT,
				second
			])) as [{ s: any }];
			expect(Object.keys(s.byCategory)).toHaveLength(CATEGORY_CODES.length);
			expectNoSmallCounts(statsCounts(s));
			const tips = await as<{ n: number | null }>(
				`select n from app.tip_counts($1, '2026-10-06', '2026-10-08')`,
				[zoneId]
			);
			expect(tips).toHaveLength(TIP_STATUSES.length);
			expectNoSmallCounts(tips.map((t) => t.n));
			for (const forbidden of [
				`select * from public.incident_hex_bins($1, '2022-06-15', '2022-06-16', 25)`,
				`select * from app.incident_protected_sums($1, '2022-06-15', '2022-06-16', 'total')`,
				`select app.incident_protected_count($1, '{new}')`,
				`select * from app.tip_protected_cells($1, '2022-06-15', '2022-06-16')`,
				`select app.disclosure_seed(), $1::uuid`,
				`select seed, $1::uuid from app.disclosure_secret`,
				`select role, $1::uuid from app.role_disclosure`
			]) {
				await expect(as(forbidden, [zoneId])).rejects.toMatchObject({ code: '42501' });
			}
		});

		it('reads which roles are aggregate-only from the database, in one function', async () => {
			const planner = await principalOf(db, 'planner');
			const slice = {
				from: LONE_AT.toISOString(),
				to: new Date(LONE_AT.getTime() + 1000).toISOString()
			};
			expect((await get(`/api/stats/incidents${qs(slice)}`, planner)).body.disclosure).toBe(
				'exact'
			);
			await db.query(`update app.role_disclosure set aggregate_only = true where role = 'planner'`);
			try {
				const res = await get(`/api/stats/incidents${qs(slice)}`, planner);
				expect(res.body.disclosure).toBe('protected');
				expect(isVnMidnight(res.body.window.from)).toBe(true);
			} finally {
				await db.query(
					`update app.role_disclosure set aggregate_only = false where role = 'planner'`
				);
			}
			const roles = await db.query<{ role: string; aggregate_only: boolean }>(
				`select role, aggregate_only from app.role_disclosure order by role`
			);
			expect(roles.filter((r) => r.aggregate_only).map((r) => r.role)).toEqual([
				'board',
				'team_lead'
			]);
		});

		// ——— accidents (issue 9 §11) ———

		it('publishes accident rows to the board with time, point and casualties, but never their description', async () => {
			const res = await get(`/api/accidents${qs({ from: '2026-01-01', to: '2026-11-27' })}`, board);
			expect(res.status).toBe(200);
			const [row] = await db.query<{ n: number; deaths: number }>(
				`select count(*)::int as n, sum(deaths)::int as deaths from accidents
				where zone_id = $1 and occurred_at >= '2026-01-01T00:00:00+07:00' and occurred_at < '2026-11-27T00:00:00+07:00'`,
				[zoneId]
			);
			expect(res.body.features).toHaveLength(row!.n);
			expect(res.body.features.reduce((s: number, f: any) => s + f.properties.deaths, 0)).toBe(
				row!.deaths
			);
			expect(res.body.features[0].properties).not.toHaveProperty('description');
			expect((await get('/api/accidents/black-spots?to=2026-11-27', board)).status).toBe(200);
			const as = (sql: string) => db.asCaller(claimsOf(board), (q) => q.query(sql));
			await expect(as('select count(deaths) from accidents')).resolves.toHaveLength(1);
			await expect(as('select description from accidents')).rejects.toMatchObject({
				code: '42501'
			});
		});
	});
}
