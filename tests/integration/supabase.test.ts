import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/lib/server/db/migrate';
import type { Claims, Db } from '../../src/lib/server/db/port';
import { ENGINES, openEmptyDb, openTestDb } from '../fixtures/db';
import {
	apiRoleReach,
	INTENDED_REACH,
	pinnedSearchPaths,
	schemaFingerprint
} from '../fixtures/schema';
import { pushLikeSupabaseCli } from '../fixtures/supabase-cli';

/**
 * Supabase only (SUPABASE_TEST_URL, see scripts/supabase-test-cluster.sh): what the other test files
 * cannot show on a database already pushed with PostGIS in extensions.
 */
describe.skipIf(!ENGINES.includes('supabase'))('on a database built as Supabase builds one', () => {
	let db: Db;
	beforeAll(async () => {
		db = await openTestDb('supabase');
	});
	afterAll(async () => {
		await db?.close();
	});

	it("the app's own migration runner applies every migration where PostGIS lives in extensions", async () => {
		const fresh = await openEmptyDb('supabase');
		try {
			const { applied } = await migrate(fresh.db, await loadMigrations());
			expect(applied.length).toBeGreaterThan(0);
			expect(await apiRoleReach(fresh.db)).toEqual(INTENDED_REACH);
		} finally {
			await fresh.db.close();
		}
	});

	it('where PostGIS lives in public the migrations push too, and spatial_ref_sys stays read-only for anon and authenticated', async () => {
		const other = await openEmptyDb('supabase', 'supabase_postgis_public');
		try {
			await pushLikeSupabaseCli(other.url!, await loadMigrations());
			// The table belongs to supabase_admin: the role `postgres` could not take anon's
			// privileges away (Supabase's linter reports it; the advice is schema extensions) ...
			const [held] = await other.db.query<{ anon: boolean }>(
				`select has_table_privilege('anon', 'public.spatial_ref_sys', 'delete') as anon`
			);
			expect(held!.anon).toBe(true);
			// ... but the guard refuses their writes.
			const authenticated: Claims = { role: 'authenticated', sub: crypto.randomUUID() };
			for (const claims of [{ role: 'anon' } as Claims, authenticated]) {
				for (const write of [
					'delete from spatial_ref_sys where srid in (9210, 32648)',
					`update spatial_ref_sys set proj4text = '+proj=longlat' where srid = 32648`,
					'truncate spatial_ref_sys'
				]) {
					await expect(
						other.db.asCaller(claims, (q) => q.query(write)),
						write
					).rejects.toMatchObject({ code: '42501', message: /read-only/ });
				}
			}
			const kept = await other.db.query<{ n: number }>(
				'select count(*)::int as n from spatial_ref_sys where srid in (9209, 9210, 32648)'
			);
			expect(kept[0]!.n).toBe(3);
			// Everything else is as intended.
			const ours = (items: string[]) => items.filter((i) => !i.includes('(extension)'));
			expect(ours(await apiRoleReach(other.db))).toEqual(ours(INTENDED_REACH));
		} finally {
			await other.db.close();
		}
	});

	it('the files `supabase migration fetch` rebuilds from the recorded statements push to the same database', async () => {
		const rows = await db.query<{ version: string; name: string; statements: string[] }>(
			'select version, name, statements from supabase_migrations.schema_migrations order by version'
		);
		const dir = await mkdtemp(join(tmpdir(), 'anninh-fetch-'));
		const copy = await openEmptyDb('supabase');
		try {
			for (const r of rows) {
				// As the CLI's fetch writes them.
				await writeFile(join(dir, `${r.version}_${r.name}.sql`), r.statements.join(';\n') + ';\n');
			}
			await pushLikeSupabaseCli(copy.url!, await loadMigrations(dir));
			for (const state of [schemaFingerprint, apiRoleReach, pinnedSearchPaths] as const) {
				expect(await state(copy.db)).toEqual(await state(db));
			}
		} finally {
			await copy.db.close();
			await rm(dir, { recursive: true, force: true });
		}
	});
});
