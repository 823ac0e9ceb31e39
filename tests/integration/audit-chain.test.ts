import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import {
	auditChainHead,
	checkAuditChain,
	formatHead,
	type ChainReport
} from '../../src/lib/server/audit/audit-chain';
import { setDatabase } from '../../src/lib/server/db/instance';
import { openPGlite } from '../../src/lib/server/db/pglite.engine';
import { ANON_CLAIMS, type Db } from '../../src/lib/server/db/port';
import { ENGINES, openTestDb, otherZone, principalOf, serverUrlOf } from '../fixtures/db';
import { createUser } from '../../src/lib/server/auth/accounts';
import { newSession, send } from '../fixtures/api';
import { databaseUrlFor } from '../fixtures/pg-url';
import { CENTRE, NON_ADMINS } from '../fixtures/constants';

/** Runs `npm run audit:verify` (its script, through tsx) with the given environment. */
function runVerifyCli(
	env: Record<string, string>,
	args: string[] = []
): Promise<{ code: number | null; out: string }> {
	return new Promise((ok, fail) => {
		const clean = { ...process.env };
		delete clean.DATABASE_URL;
		delete clean.DATA_DIR;
		const proc = spawn(
			process.execPath,
			['--import', 'tsx', 'src/lib/server/audit/verify-cli.ts', ...args],
			{ env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
		);
		let out = '';
		proc.stdout.on('data', (d) => (out += d));
		proc.stderr.on('data', (d) => (out += d));
		proc.on('error', fail);
		proc.on('exit', (code) => ok({ code, out }));
	});
}

for (const engine of ENGINES) {
	describe(`the audit trail's hash chain on ${engine}`, () => {
		let db: Db;
		let admin: Principal;
		let dispatcher: Principal;
		let incidentId: number;

		/** As the table owner: set the append-only trigger aside, run `sql`, restore it. */
		const asOwnerWithoutGuard = async (sql: string, params: unknown[] = []) => {
			await db.transaction(async (tx) => {
				await tx.query('alter table audit_log disable trigger audit_log_no_update');
				await tx.query(sql, params);
				await tx.query('alter table audit_log enable trigger audit_log_no_update');
			});
		};
		const ownerCheck = (head?: { seq: number; hash: string }) => checkAuditChain(db, 'owner', head);
		const apiCheck = (query = '', as = 'admin') => send(`/api/admin/audit/verify${query}`, { as });
		/** A few audited writes, so the chain has rows in the middle to tamper with. */
		const someWrites = async (n: number) => {
			for (let i = 0; i < n; i++) {
				const res = await send(`/api/incidents/${incidentId}`, {
					as: 'dispatcher',
					method: 'PATCH',
					body: { severity: (i % 3) + 1 }
				});
				expect(res.status).toBe(200);
			}
		};
		const rowAt = async (offsetFromHead: number) => {
			const [row] = await db.query<{ id: string; seq: string }>(
				`select a.id::text, a.seq::text from audit_log a order by a.seq desc offset $1 limit 1`,
				[offsetFromHead]
			);
			return { id: Number(row!.id), seq: Number(row!.seq) };
		};

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			admin = await principalOf(db, 'admin');
			dispatcher = await principalOf(db, 'dispatcher');
			const made = await send('/api/incidents', {
				as: 'dispatcher',
				body: {
					category: 'theft',
					occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
					...CENTRE
				}
			});
			expect(made.status).toBe(201);
			incidentId = made.body.id;
			await someWrites(6);
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		// Forging ------------------------------------------------------------------------------------

		it('anon and signed-in callers cannot write an audit row of their choosing, whatever address they claim', async () => {
			const forge = `select set_config('request.ip', '8.8.8.8', true),
				app.write_audit('login.success', 'session', null, null, '{}'::jsonb)`;
			for (const claims of [ANON_CLAIMS, claimsOf(admin), claimsOf(dispatcher)]) {
				await expect(db.asCaller(claims, (q) => q.query(forge))).rejects.toMatchObject({
					code: '42501'
				});
				await expect(
					db.asCaller(claims, (q) =>
						q.query(
							`insert into audit_log (actor_kind, action, ip) values ('system', 'forged', '8.8.8.8')`
						)
					)
				).rejects.toMatchObject({ code: '42501' });
			}
			const [{ n }] = (await db.query<{ n: number }>(
				`select count(*)::int as n from audit_log where ip = '8.8.8.8'`
			)) as [{ n: number }];
			expect(n).toBe(0);
			const [grants] = await db.query<{ anon: boolean; authenticated: boolean }>(
				`select has_function_privilege('anon', 'app.write_audit(text, text, text, uuid, jsonb)', 'execute') as anon,
					has_function_privilege('authenticated', 'app.write_audit(text, text, text, uuid, jsonb)', 'execute') as authenticated`
			);
			expect(grants).toEqual({ anon: false, authenticated: false });
		});

		// The chain ------------------------------------------------------------------------------

		it('every row joins one chain, numbered without gaps, and the check finds it intact', async () => {
			const report = await ownerCheck();
			const [row] = await db.query<{ n: string; max: string; min: string; unchained: string }>(
				`select count(*)::text as n, max(seq)::text as max, min(seq)::text as min,
					count(*) filter (where row_hash is null)::text as unchained from audit_log`
			);
			expect(report.intact).toBe(true);
			expect(report.firstBroken).toBeUndefined();
			expect(report.rows).toBe(Number(row!.n));
			expect(row).toMatchObject({ min: '1', max: row!.n, unchained: '0' });
			// The head the server prints at start (app.ts) is the check's.
			expect(await auditChainHead(db)).toEqual(report.head);
			expect(report.head).toMatchObject({
				seq: Number(row!.n),
				hash: expect.stringMatching(/^[0-9a-f]{64}$/)
			});
		});

		it('twenty writers at once take turns: the chain stays one line', async () => {
			const before = (await ownerCheck()).rows;
			// Twenty new incidents from twenty sessions (one session may have 16 requests in
			// progress): no row lock in common, only the chain's turn.
			const sessions = await Promise.all(
				Array.from({ length: 20 }, () => newSession('dispatcher'))
			);
			const made = await Promise.all(
				sessions.map((session) =>
					send('/api/incidents', {
						session,
						body: {
							category: 'theft',
							occurredAt: new Date(Date.now() - 7_200_000).toISOString(),
							...CENTRE
						}
					})
				)
			);
			expect(made.map((r) => r.status)).toEqual(Array(20).fill(201));
			const report = await ownerCheck();
			expect(report.intact).toBe(true);
			expect(report.rows).toBe(before + 20);
			expect(report.head!.seq).toBe(report.rows);
		});

		it('editing a row as the owner, past the append-only trigger, is detected by the CLI check and the API', async () => {
			const victim = await rowAt(3);
			const [orig] = await db.query<{ action: string }>(
				'select action from audit_log where id = $1',
				[victim.id]
			);
			await asOwnerWithoutGuard(`update audit_log set action = 'tampered' where id = $1`, [
				victim.id
			]);
			const owner = await ownerCheck();
			expect(owner.intact).toBe(false);
			expect(owner.firstBroken).toMatchObject({
				id: victim.id,
				seq: victim.seq,
				reason: 'content'
			});
			const api = await apiCheck();
			expect(api.status).toBe(200);
			expect(api.body).toMatchObject({
				intact: false,
				firstBroken: { id: victim.id, reason: 'content' }
			});
			// Put it back: the chain holds again.
			await asOwnerWithoutGuard(`update audit_log set action = $2 where id = $1`, [
				victim.id,
				orig!.action
			]);
			expect((await ownerCheck()).intact).toBe(true);
		});

		it('an owner who also rewrites the edited row’s hash breaks the link of the next row', async () => {
			const victim = await rowAt(3);
			const next = await rowAt(2);
			const [saved] = await db.query<{ details: unknown; row_hash: Uint8Array }>(
				'select details, row_hash from audit_log where id = $1',
				[victim.id]
			);
			await asOwnerWithoutGuard(
				`update audit_log set details = '{"changed": ["nothing"]}'::jsonb where id = $1;`,
				[victim.id]
			);
			await asOwnerWithoutGuard(
				`update audit_log a set row_hash = app.audit_row_hash(a) where id = $1`,
				[victim.id]
			);
			const report = await ownerCheck();
			expect(report.firstBroken).toMatchObject({ id: next.id, seq: next.seq, reason: 'link' });
			await asOwnerWithoutGuard(
				`update audit_log set details = $2::jsonb, row_hash = $3 where id = $1`,
				[victim.id, JSON.stringify(saved!.details), saved!.row_hash]
			);
			expect((await ownerCheck()).intact).toBe(true);
		});

		it('deleting a row as the owner is detected at the row after it, by the CLI check and the API', async () => {
			const victim = await rowAt(2);
			const next = await rowAt(1);
			const [saved] = await db.query<{ rec: unknown }>(
				'select to_jsonb(a) as rec from audit_log a where id = $1',
				[victim.id]
			);
			await asOwnerWithoutGuard('delete from audit_log where id = $1', [victim.id]);
			const owner = await ownerCheck();
			expect(owner.firstBroken).toMatchObject({ id: next.id, seq: next.seq, reason: 'sequence' });
			const api = await apiCheck();
			expect(api.body).toMatchObject({
				intact: false,
				firstBroken: { id: next.id, reason: 'sequence' }
			});
			// Put it back as it was, past the chain trigger too.
			await db.transaction(async (tx) => {
				await tx.query('alter table audit_log disable trigger audit_log_chain');
				await tx.query(
					`insert into audit_log overriding system value
					select * from jsonb_populate_record(null::audit_log, $1::jsonb)`,
					[JSON.stringify(saved!.rec)]
				);
				await tx.query('alter table audit_log enable trigger audit_log_chain');
			});
			expect((await ownerCheck()).intact).toBe(true);
		});

		it('a cut tail passes the chain alone but not against the head kept outside', async () => {
			await someWrites(1);
			const kept = (await ownerCheck()).head!;
			const last = await rowAt(0);
			expect(last.seq).toBe(kept.seq);
			await asOwnerWithoutGuard('delete from audit_log where id = $1', [last.id]);
			// The limit the README states: without an outside copy of the head this is invisible.
			expect((await ownerCheck()).intact).toBe(true);
			const owner = await ownerCheck(kept);
			expect(owner).toMatchObject({
				intact: false,
				firstBroken: { seq: kept.seq, id: null, reason: 'head' }
			});
			const api = await apiCheck(`?head=${formatHead(kept)}`);
			expect(api.body).toMatchObject({
				intact: false,
				firstBroken: { seq: kept.seq, reason: 'head' }
			});
			// A wrong hash for a head that is there is caught too.
			const before = (await ownerCheck()).head!;
			const wrong = await ownerCheck({ seq: before.seq, hash: '0'.repeat(64) });
			expect(wrong.firstBroken).toMatchObject({ seq: before.seq, reason: 'head' });
			expect((await ownerCheck(before)).intact).toBe(true);
		});

		// The admin API -----------------------------------------------------------------------------

		it('GET /api/admin/audit/verify answers an administrator with the chain’s state and no row content', async () => {
			const res = await apiCheck();
			expect(res.status).toBe(200);
			expect(res.headers.get('cache-control')).toBe('no-store');
			expect(Object.keys(res.body).sort()).toEqual(['head', 'intact', 'rows']);
			expect(res.body).toMatchObject({
				intact: true,
				rows: expect.any(Number),
				head: {
					seq: expect.any(Number),
					hash: expect.stringMatching(/^[0-9a-f]{64}$/),
					at: expect.any(String)
				}
			});
		});

		it.each(NON_ADMINS)(
			'GET /api/admin/audit/verify refuses the %s, and so does the database',
			async (role) => {
				const who = await principalOf(db, role);
				const res = await apiCheck('', role);
				expect(res.status).toBe(403);
				expect(res.body.intact).toBeUndefined();
				await expect(
					db.asCaller(claimsOf(who), (q) => q.query('select * from app.audit_verify()'))
				).rejects.toMatchObject({ code: '42501' });
				await expect(
					db.asCaller(claimsOf(who), (q) => q.query('select * from app.audit_chain_check()'))
				).rejects.toMatchObject({ code: '42501' });
			}
		);

		it('GET /api/admin/audit/verify refuses anonymous callers', async () => {
			const res = await send('/api/admin/audit/verify');
			expect(res.status).toBe(401);
			await expect(
				db.asCaller(ANON_CLAIMS, (q) => q.query('select * from app.audit_verify()'))
			).rejects.toMatchObject({ code: '42501' });
		});

		it('an administrator of another zone learns the chain’s state only; one without a zone is refused', async () => {
			const elsewhere = async (username: string, zones: string[]) => {
				await createUser(db, {
					username,
					displayName: username,
					role: 'admin',
					password: 'Quản-trị-vùng-khác-2026',
					zones
				});
				return username;
			};
			const res = await apiCheck('', await elsewhere('admin.b', [await otherZone(db)]));
			expect(res.status).toBe(200);
			expect(Object.keys(res.body).sort()).toEqual(['head', 'intact', 'rows']);
			expect(JSON.stringify(res.body)).not.toMatch(/update|incidents|dispatcher|203\.0\.113/);
			const nowhere = await apiCheck('', await elsewhere('admin.none', []));
			expect(nowhere.status).toBe(403);
		});

		it('GET /api/admin/audit/verify refuses bad input with a 400 naming the parameter', async () => {
			const cases: Array<[string, string]> = [
				['?head=12', 'head'],
				['?head=0:' + 'a'.repeat(64), 'head'],
				['?head=5:' + 'g'.repeat(64), 'head'],
				['?head=5:' + 'a'.repeat(63), 'head'],
				['?head=5:' + 'a'.repeat(64) + '%00', 'head'],
				[`?head=1:${'a'.repeat(64)}&head=2:${'a'.repeat(64)}`, 'head'],
				['?zone=trang-due', 'zone'],
				['?limit=10', 'limit']
			];
			for (const [query, field] of cases) {
				const res = await apiCheck(query);
				expect(res.status, query).toBe(400);
				expect(res.body.field, query).toBe(field);
				expect(res.body.error.startsWith(`${field}: `), query).toBe(true);
			}
			const en = await send('/api/admin/audit/verify?head=x', {
				as: 'admin',
				lang: 'en'
			});
			expect(en.body.error).toMatch(/^head: must be <number>:<64 hex digits>/);
		});

		// The command ---------------------------------------------------------------------------

		it(
			'npm run audit:verify prints "intact, N rows" and the head, then the first broken link with exit 1',
			{
				timeout: 240_000
			},
			async () => {
				// The command reads this file's database: the same server (PostgreSQL) or a copy of it
				// in a data directory (the embedded engine); both are intact now.
				const expected: ChainReport = await checkAuditChain(db, 'owner');
				expect(expected.intact).toBe(true);
				let env: Record<string, string>;
				let dataDir: string | undefined;
				if (engine !== 'pglite') {
					const [{ name }] = (await db.query<{ name: string }>(
						'select current_database() as name'
					)) as [{ name: string }];
					env = { DATABASE_URL: databaseUrlFor(serverUrlOf(engine), name) };
				} else {
					dataDir = await mkdtemp(join(tmpdir(), 'anninh-audit-'));
					const dump = await (db as unknown as { dumpDataDir(): Promise<Blob> }).dumpDataDir();
					const copy = await openPGlite({ dataDir, loadDataDir: dump });
					await copy.close();
					env = { DATA_DIR: dataDir };
				}
				try {
					const ok = await runVerifyCli(env);
					expect(ok.code, ok.out).toBe(0);
					expect(ok.out).toContain(`intact, ${expected.rows} rows`);
					expect(ok.out).toContain(`head ${formatHead(expected.head!)}`);
					const kept = await runVerifyCli(env, ['--head', formatHead(expected.head!)]);
					expect(kept.code, kept.out).toBe(0);
					const bad = await runVerifyCli(env, ['--head', 'nonsense']);
					expect(bad.code, bad.out).toBe(2);
					expect(bad.out).toMatch(/--head must be/);

					// Tamper with the copy the command reads, as its owner.
					const tamper = engine !== 'pglite' ? db : await openPGlite({ dataDir });
					const [victim] = await tamper.query<{ id: string; ip: string | null }>(
						'select id::text, ip from audit_log order by seq desc offset 2 limit 1'
					);
					await tamper.transaction(async (tx) => {
						await tx.query('alter table audit_log disable trigger audit_log_no_update');
						await tx.query(`update audit_log set ip = '8.8.8.8' where id = $1`, [victim!.id]);
						await tx.query('alter table audit_log enable trigger audit_log_no_update');
					});
					if (engine === 'pglite') await tamper.close();
					const broken = await runVerifyCli(env);
					expect(broken.code, broken.out).toBe(1);
					expect(broken.out).toContain(`BROKEN at row id ${victim!.id}`);
					expect(broken.out).toContain('[content]');
					if (engine !== 'pglite') {
						await asOwnerWithoutGuard('update audit_log set ip = $2 where id = $1', [
							victim!.id,
							victim!.ip
						]);
					}
				} finally {
					if (dataDir) await rm(dataDir, { recursive: true, force: true });
				}
			}
		);
	});
}

describe('npm run audit:verify without a database', () => {
	it('says there is no embedded database and exits 2, creating nothing', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'anninh-audit-empty-'));
		try {
			const res = await runVerifyCli({ DATA_DIR: join(dir, 'missing') });
			expect(res.code, res.out).toBe(2);
			expect(res.out).toMatch(/no embedded database/);
			await expect(readFile(join(dir, 'missing', 'PG_VERSION'))).rejects.toThrow();
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
