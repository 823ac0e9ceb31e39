import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_COLUMNS_MEDIA_TYPE } from '../../src/lib/domain/incident-wire';
import { createSession } from '../../src/lib/server/auth/sessions';
import { HealthMonitor } from '../../src/lib/server/db/health';
import { setDatabase } from '../../src/lib/server/db/instance';
import { openPostgres } from '../../src/lib/server/db/postgres.engine';
import { ANON_CLAIMS, type Db } from '../../src/lib/server/db/port';
import { endpoint } from '../../src/lib/server/endpoint';
import { credentialsInFlight } from '../../src/lib/server/guard/in-flight';
import { getHealth } from '../../src/lib/domain/contracts/meta';
import { ENGINES, openTestDb } from '../fixtures/db';
import { request } from '../fixtures/api';

const MAX_IN_FLIGHT = 16;
/** The burst of issue 9 §9: every incident since 2000 (the earliest time the API takes), as many as it allows, 30 at once. */
const BURST = 30;
const HEAVY = '/api/incidents?limit=100000&from=2000-01-01';

/** Resolves with the time `fn` took, in ms, and its result. */
async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
	const t0 = performance.now();
	const out = await fn();
	return [performance.now() - t0, out];
}

for (const engine of ENGINES) {
	describe(`one user cannot starve everyone on ${engine}`, () => {
		let db: Db;
		let monitor: HealthMonitor;
		const session = async (username: string) => {
			const [row] = await db.query<{ id: string }>(`select id from app_users where username = $1`, [
				username
			]);
			const s = await createSession(
				db,
				row!.id,
				{ idleMinutes: 60, absoluteHours: 1 },
				{ ip: '198.51.100.9', userAgent: 'vitest' }
			);
			return s.token;
		};

		beforeAll(async () => {
			db = await openTestDb(engine);
			monitor = new HealthMonitor(db);
			await monitor.start();
			setDatabase({
				db,
				postgisVersion: 'test',
				health: monitor,
				requests: { maxInFlight: MAX_IN_FLIGHT }
			});
		});
		afterAll(async () => {
			monitor?.stop();
			setDatabase(undefined);
			await db?.close();
		});

		it('keeps health under 500 ms and another user’s map under 2 s during a 30-request burst, refusing the excess with 429', async () => {
			const commander = await session('commander');
			const dispatcher = await session('dispatcher');
			const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
			const map = () =>
				timed(async () => {
					const res = await request(`/api/incidents/columns?from=${from}&limit=100000`, {
						session: dispatcher,
						headers: { accept: INCIDENT_COLUMNS_MEDIA_TYPE }
					});
					await res.arrayBuffer();
					return res;
				});
			// The dispatcher's map is open already: its first, cold query is not the burst's doing.
			await map();

			const burst = Array.from({ length: BURST }, () => request(HEAVY, { session: commander }));
			// Let the burst reach the database before the others ask.
			await new Promise((r) => setTimeout(r, 50));
			const [healthMs, healthRes] = await timed(() => request('/api/health'));
			const [mapMs, mapRes] = await map();
			const answers = await Promise.all(burst);

			expect(healthRes.status).toBe(200);
			expect(healthMs).toBeLessThan(500);
			expect(mapRes.status).toBe(200);
			expect(mapMs).toBeLessThan(2000);

			const refused = answers.filter((r) => r.status === 429);
			expect(refused.length).toBeGreaterThan(0);
			expect(answers.every((r) => r.status === 200 || r.status === 429)).toBe(true);
			for (const r of refused) {
				expect(r.headers.get('retry-after')).toBe('1');
				expect((await r.json()).error).toMatch(
					/quá nhiều yêu cầu đang chạy cùng lúc \(tối đa 16\)/
				);
			}
			await Promise.all(answers.filter((r) => r.status !== 429).map((r) => r.body?.cancel()));
			// Every request counted in was counted out: nothing is left in the map.
			expect(credentialsInFlight()).toBe(0);
			console.log(
				`[limits] ${engine}: health ${healthMs.toFixed(0)} ms, map ${mapMs.toFixed(0)} ms, ` +
					`${refused.length} of ${BURST} refused`
			);
		});

		it('refuses exactly the requests over the cap while they are all in progress, and forgets them after', async () => {
			const planner = await session('planner');
			// A handler that answers only when told: all twenty are in progress at once.
			let finish!: () => void;
			const gate = new Promise<void>((r) => (finish = r));
			const slow = async () => {
				await gate;
				return Response.json({ ok: true });
			};
			const answers = Array.from({ length: 20 }, () =>
				request('/api/incidents', { handler: slow, session: planner })
			);
			const refused: Response[] = [];
			for (const a of answers) void a.then((r) => r.status === 429 && refused.push(r));
			const deadline = Date.now() + 5000;
			while (refused.length < 20 - MAX_IN_FLIGHT && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 10));
			}
			expect(credentialsInFlight()).toBe(1);
			finish();
			const statuses = (await Promise.all(answers)).map((r) => r.status);
			expect(statuses.filter((s) => s === 429)).toHaveLength(20 - MAX_IN_FLIGHT);
			expect(statuses.filter((s) => s === 200)).toHaveLength(MAX_IN_FLIGHT);
			expect(credentialsInFlight()).toBe(0);
			// And a handler that throws counts out too (answered 500, as SvelteKit answers a fault).
			const boom = await request('/api/incidents', {
				handler: () => Promise.reject(new Error('boom')),
				session: planner
			});
			expect(boom.status).toBe(500);
			expect(credentialsInFlight()).toBe(0);
		});

		if (engine !== 'pglite') {
			it('stops a request’s statement that outlives STATEMENT_TIMEOUT_MS, with a clear 503', async () => {
				const timed = await openPostgres({
					url: process.env.DATABASE_URL!,
					max: 1,
					statementTimeoutMs: 200
				});
				try {
					const err = await timed
						.asCaller(ANON_CLAIMS, (q) => q.query('select pg_sleep(2)'))
						.catch((e: unknown) => e);
					expect(err).toMatchObject({ code: '57014' });
					// A handler whose query was stopped so, answered through the hooks.
					const res = await request('/api/health', {
						lang: 'en',
						handler: endpoint(getHealth, () => Promise.reject(err))
					});
					expect(res.status).toBe(503);
					expect(res.headers.get('retry-after')).toBe('5');
					expect((await res.json()).error).toMatch(/the query ran too long/);
					// Only request queries are bounded: the server's own work (migrations, loads) is not.
					await expect(timed.query('select pg_sleep(0.4)')).resolves.toHaveLength(1);
				} finally {
					await timed.close();
				}
			});
		} else {
			it('PGlite does not interrupt a statement that outlives statement_timeout: the fair queue and the cap bound it instead', async () => {
				const t0 = performance.now();
				const [row] = await db.transaction(async (q) => {
					await q.query(`select set_config('statement_timeout', '50', true)`);
					return q.query<{ n: number }>(
						'select count(*)::int as n from generate_series(1, 3000000)'
					);
				});
				expect(row!.n).toBe(3_000_000);
				expect(performance.now() - t0).toBeGreaterThan(50);
			});
		}

		it('reports a dead database on health at once', async () => {
			const dead = new HealthMonitor({
				engine: db.engine,
				query: () => Promise.reject(new Error('connection refused'))
			} as unknown as Db);
			await dead.start();
			setDatabase({ db, postgisVersion: 'test', health: dead });
			try {
				const res = await request('/api/health');
				expect(res.status).toBe(503);
				expect((await res.json()).reason).toMatch(/connection refused/);
			} finally {
				dead.stop();
				setDatabase({ db, postgisVersion: 'test', health: monitor });
			}
		});

		it('reports a database that stopped answering as down', () => {
			const hung = new HealthMonitor(
				{ engine: db.engine, query: () => new Promise(() => {}) } as never,
				{
					staleMs: 1000
				}
			);
			void hung.check();
			expect(hung.report(Date.now() + 1500)).toMatchObject({ ok: false });
			expect(hung.report(Date.now() + 1500)).toHaveProperty(
				'reason',
				expect.stringMatching(/not answered/)
			);
		});
	});
}
