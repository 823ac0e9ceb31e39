import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	loadMigrations,
	migrate,
	MigrationError,
	type Migration
} from '../../src/lib/server/db/migrate';
import type { Db } from '../../src/lib/server/db/port';
import { dumpSchema } from '../../src/lib/server/db/schema-dump';
import { openPostgres } from '../../src/lib/server/db/postgres.engine';
import { splitStatements } from '../../src/lib/server/db/split-statements';
import { ENGINES, openEmptyDb, openTestDb, type TestEngine } from '../fixtures/db';
import { earlierMigrations } from '../fixtures/earlier-migrations';
import {
	apiRoleReach,
	INTENDED_REACH,
	pinnedSearchPaths,
	schemaFingerprint
} from '../fixtures/schema';
import { pushLikeSupabaseCli } from '../fixtures/supabase-cli';

/** What two databases must share once migrated: schema, privileges, pinned search paths. */
async function endState(db: Db) {
	return {
		schema: await schemaFingerprint(db),
		reach: await apiRoleReach(db),
		searchPaths: await pinnedSearchPaths(db)
	};
}

/**
 * A database migrated afresh to compare with: the test database where it was built from the same
 * base, or on the Supabase-like server (whose test database has PostGIS in extensions) a new push
 * where PostGIS lives in public.
 */
async function freshEndState(engine: TestEngine, db: Db, migrations: Migration[]) {
	if (engine !== 'supabase') return endState(db);
	const fresh = await openEmptyDb(engine, 'supabase_postgis_public');
	try {
		await pushLikeSupabaseCli(fresh.url!, migrations);
		return await endState(fresh.db);
	} finally {
		await fresh.db.close();
	}
}

for (const engine of ENGINES) {
	describe(`migrations on ${engine}`, () => {
		let db: Db;
		beforeAll(async () => {
			db = await openTestDb(engine);
		});
		afterAll(async () => {
			await db?.close();
		});

		it('applying the migrations a second time applies nothing and changes nothing', async () => {
			const before = await schemaFingerprint(db);
			const migrations = await loadMigrations();
			const res = await migrate(db, migrations);
			expect(res.applied).toEqual([]);
			expect(res.skipped).toEqual(migrations.map((m) => m.file));
			expect(await schemaFingerprint(db)).toBe(before);
		});

		// Generated on the embedded engine (`npm run schema`), the one every checkout has.
		it.runIf(engine === 'pglite')(
			'supabase/schema.sql is the schema the migrations make (after changing one, run `npm run schema`)',
			async () => {
				const file = await readFile('supabase/schema.sql', 'utf8');
				expect(file, 'supabase/schema.sql is stale: run `npm run schema`').toBe(
					await dumpSchema(db)
				);
			}
		);

		it('records every migration in the Supabase CLI bookkeeping table', async () => {
			const migrations = await loadMigrations();
			const rows = await db.query<{ version: string }>(
				'select version from supabase_migrations.schema_migrations order by version'
			);
			expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
		});

		it('records each file split as the Supabase CLI splits it, so the files `supabase migration fetch` writes split the same', async () => {
			const migrations = await loadMigrations();
			const rows = await db.query<{ version: string; statements: string[] | null }>(
				'select version, statements from supabase_migrations.schema_migrations'
			);
			const recorded = new Map(rows.map((r) => [r.version, r.statements]));
			for (const m of migrations) {
				expect(recorded.get(m.version), m.file).toEqual(m.statements);
				// `supabase migration fetch` writes the statements joined by ";\n", plus ";\n".
				const fetched = m.statements.join(';\n') + ';\n';
				expect(splitStatements(fetched), m.file).toEqual(m.statements);
			}
		});

		// Migrates a new database twice: on PGlite, creating PostGIS alone takes seconds.
		it('a database migrated with the earlier text of the files edited for Supabase gets no warning and ends as a fresh one', async () => {
			const migrations = await loadMigrations();
			// On Supabase the earlier text pushed only where PostGIS lives in public.
			const old = await openEmptyDb(engine, 'supabase_postgis_public');
			try {
				await migrate(old.db, earlierMigrations(migrations));
				// The runner of that time recorded no statements.
				await old.db.exec('update supabase_migrations.schema_migrations set statements = null');
				const messages: string[] = [];
				await migrate(old.db, migrations, (m) => messages.push(m));
				expect(messages.filter((m) => m.includes('warning'))).toEqual([]);
				const [unfilled] = await old.db.query<{ n: number }>(
					'select count(*)::int as n from supabase_migrations.schema_migrations where statements is null'
				);
				expect(unfilled!.n).toBe(0);
				expect(await endState(old.db)).toEqual(await freshEndState(engine, db, migrations));
			} finally {
				await old.db.close();
			}
		}, 240_000);

		// As `supabase db reset` on a local Supabase, or a push to a project without PostGIS: the
		// schema `extensions` is in the role's search path and usable by the API roles.
		it.runIf(engine === 'postgres')(
			'where the search path names a schema extensions, as on Supabase, a missing PostGIS is created there and every migration applies',
			async () => {
				const empty = await openEmptyDb(engine);
				const name = new URL(empty.url!).pathname.slice(1);
				await empty.db.exec(`create schema extensions;
					grant usage on schema extensions to anon, authenticated, service_role;
					alter database ${name} set search_path = "$user", public, extensions`);
				const db2 = await openPostgres({ url: empty.url!, max: 1 });
				try {
					await migrate(db2, await loadMigrations());
					const [row] = await db2.query<{ schema: string }>(
						`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'postgis'`
					);
					expect(row!.schema).toBe('extensions');
					expect(await apiRoleReach(db2)).toEqual(INTENDED_REACH);
				} finally {
					await db2.close();
					await empty.db.close();
				}
			}
		);

		it('warns about a migration whose recorded text is neither its current nor a known earlier one', async () => {
			const migrations = await loadMigrations();
			const first = migrations[0]!;
			await db.query(
				'update supabase_migrations.schema_migrations set checksum = $2 where version = $1',
				[first.version, '0'.repeat(64)]
			);
			try {
				const messages: string[] = [];
				await migrate(db, migrations, (m) => messages.push(m));
				expect(messages).toEqual([
					`warning: ${first.file} changed after it was applied; migrations are append-only`
				]);
			} finally {
				await db.query(
					'update supabase_migrations.schema_migrations set checksum = $2 where version = $1',
					[first.version, first.checksum]
				);
			}
		});

		it('a failing migration names its file and leaves nothing half-applied', async () => {
			const dir = await mkdtemp(join(tmpdir(), 'anninh-mig-'));
			try {
				await writeFile(
					join(dir, '20990101000000_broken.sql'),
					'create table half_done (id int);\ninsert into half_done values (1);\nselect 1 / 0;\n'
				);
				const broken = await loadMigrations(dir);
				const err = await migrate(db, broken).catch((e: unknown) => e);
				expect(err).toBeInstanceOf(MigrationError);
				expect((err as Error).message).toContain('20990101000000_broken.sql');
				expect((err as Error).message).toMatch(/division by zero/);
				const [row] = await db.query<{ t: string | null }>(
					`select to_regclass('public.half_done')::text as t`
				);
				expect(row!.t).toBeNull();
				const recorded = await db.query(
					`select 1 from supabase_migrations.schema_migrations where version = '20990101000000'`
				);
				expect(recorded).toHaveLength(0);
			} finally {
				await rm(dir, { recursive: true, force: true });
			}
		});

		it('refuses a migration file whose name is not <timestamp>_<name>.sql', async () => {
			const dir = await mkdtemp(join(tmpdir(), 'anninh-mig-'));
			try {
				await writeFile(join(dir, 'add_stuff.sql'), 'select 1;');
				await expect(loadMigrations(dir)).rejects.toThrow(/add_stuff\.sql/);
			} finally {
				await rm(dir, { recursive: true, force: true });
			}
		});
	});
}
