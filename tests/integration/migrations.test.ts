import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, MigrationError } from '../../src/lib/server/db/migrate';
import type { Db } from '../../src/lib/server/db/port';
import { ENGINES, openTestDb } from '../fixtures/db';

/** Everything a migration could change, in a stable text form. */
async function schemaFingerprint(db: Db): Promise<string> {
	const rows = await db.query<{ item: string }>(`
		select 'col ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable as item
			from information_schema.columns where table_schema in ('public', 'auth')
		union all select 'idx ' || schemaname || '.' || indexname || ' ' || indexdef from pg_indexes where schemaname = 'public'
		union all select 'fn ' || n.nspname || '.' || p.proname || ' ' || md5(p.prosrc)
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('public', 'auth') and p.prolang <> 13
		union all select 'trg ' || tgname || ' ' || tgrelid::regclass::text from pg_trigger where not tgisinternal
		union all select 'mig ' || version from supabase_migrations.schema_migrations
		union all select 'cat ' || code || ' ' || name_vi from incident_categories
		order by 1`);
	return rows.map((r) => r.item).join('\n');
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

		it('records every migration in the Supabase CLI bookkeeping table', async () => {
			const migrations = await loadMigrations();
			const rows = await db.query<{ version: string }>(
				'select version from supabase_migrations.schema_migrations order by version'
			);
			expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
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
