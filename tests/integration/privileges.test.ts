import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf } from '../../src/lib/server/auth/principal';
import { ANON_CLAIMS, type Claims, type Db } from '../../src/lib/server/db/port';
import { ENGINES, openTestDb, principalOf } from '../fixtures/db';
import {
	apiRoleFunctions,
	apiRoleReach,
	INTENDED_REACH,
	pinnedSearchPaths
} from '../fixtures/schema';

for (const engine of ENGINES) {
	describe(`privileges of anon and authenticated on ${engine}`, () => {
		let db: Db;
		let admin: Claims;
		let commander: Claims;
		beforeAll(async () => {
			db = await openTestDb(engine);
			admin = claimsOf(await principalOf(db, 'admin'));
			commander = claimsOf(await principalOf(db, 'commander'));
		});
		afterAll(async () => {
			await db?.close();
		});

		it('they can touch exactly the intended tables, columns and sequences', async () => {
			expect(await apiRoleReach(db)).toEqual(INTENDED_REACH);
		});

		it('every table they can touch in public has row-level security, and PostGIS reference data is read-only', async () => {
			// Supabase's API serves public; tables without row-level security, views that do not run
			// as the caller and materialised views would hand out every row.
			const open = await db.query<{ item: string }>(`
				select c.oid::regclass::text || ' (' || c.relkind::text || ')' as item
				from pg_class c
				join pg_namespace n on n.oid = c.relnamespace
				left join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
				cross join (values ('anon'), ('authenticated')) roles(r)
				where c.relkind in ('r', 'p', 'v', 'm', 'f')
					and (n.nspname = 'public' or d.objid is not null)
					and has_schema_privilege(r, n.oid, 'usage')
					and case
						when d.objid is not null then
							has_table_privilege(r, c.oid, 'insert, update, delete, truncate, references, trigger')
						else
							has_table_privilege(r, c.oid, 'select, insert, update, delete, truncate, references, trigger')
							or has_any_column_privilege(r, c.oid, 'select, insert, update, references')
					end
					and (d.objid is not null
						or c.relkind in ('m', 'f')
						or (c.relkind in ('r', 'p') and not c.relrowsecurity)
						or (c.relkind = 'v' and not coalesce(c.reloptions @> array['security_invoker=true'], false)))
				group by 1 order by 1`);
			expect(open.map((r) => r.item)).toEqual([]);
		});

		it('a signed-in user reads no password hash, session id or token hash, an administrator neither', async () => {
			// The attack on Supabase: its default privileges made the column grants moot.
			const reads = [
				'select password_hash from app_users',
				'select * from app_users',
				'select id from sessions',
				'select token_hash from api_tokens',
				'select * from login_attempts'
			];
			for (const claims of [commander, admin]) {
				for (const read of reads) {
					await expect(
						db.asCaller(claims, (q) => q.query(read)),
						read
					).rejects.toMatchObject({
						code: '42501'
					});
				}
			}
			await expect(
				db.asCaller(ANON_CLAIMS, (q) => q.query('select password_hash from app_users'))
			).rejects.toMatchObject({ code: '42501' });
		});

		it('neither anon nor a signed-in user can change spatial_ref_sys, whose SRIDs the metric work needs', async () => {
			const writes = [
				'delete from spatial_ref_sys where srid in (9210, 32648)',
				`update spatial_ref_sys set proj4text = '+proj=longlat' where srid = 32648`,
				`insert into spatial_ref_sys (srid, auth_name, auth_srid, proj4text) values (990001, 'x', 1, '+proj=longlat')`,
				'truncate spatial_ref_sys'
			];
			for (const claims of [ANON_CLAIMS, admin]) {
				for (const write of writes) {
					await expect(
						db.asCaller(claims, (q) => q.query(write)),
						write
					).rejects.toMatchObject({
						code: '42501'
					});
				}
			}
			const kept = await db.query<{ srid: number }>(
				'select srid from spatial_ref_sys where srid in (9210, 32648) order by srid'
			);
			expect(kept.map((r) => r.srid)).toEqual([9210, 32648]);
		});

		it('every function that pins a search path finds PostGIS in extensions as well as in public', async () => {
			const paths = await pinnedSearchPaths(db);
			expect(paths.length).toBeGreaterThan(10);
			const wrong = paths.filter(
				(p) => !p.endsWith(': public, extensions, pg_temp') && !p.endsWith(': pg_catalog, pg_temp')
			);
			expect(wrong).toEqual([]);
		});
	});
}

describe('privileges across engines', () => {
	it('anon and authenticated may execute the same functions of ours on every engine', async () => {
		// Supabase's default privileges grant EXECUTE on each new function in public to both roles
		// by name, so a function revoked only from PUBLIC would stay callable there.
		const lists: string[][] = [];
		for (const engine of ENGINES) {
			const db = await openTestDb(engine);
			try {
				lists.push(await apiRoleFunctions(db));
			} finally {
				await db.close();
			}
		}
		expect(lists[0]!.length).toBeGreaterThan(0);
		for (const list of lists.slice(1)) expect(list).toEqual(lists[0]);
	});
});
