/**
 * `npm run schema`: writes supabase/schema.sql, the database's shape as the migrations leave it
 * (schema-dump.ts). Needs nothing but this checkout: the migrations are applied to a new embedded
 * database in memory (PGlite, about half a minute), whose catalogs are then read.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadMigrations, migrate } from './migrate';
import { openPGlite } from './pglite.engine';
import { dumpSchema } from './schema-dump';

const SCHEMA_FILE = resolve('supabase/schema.sql');

const db = await openPGlite();
try {
	await migrate(db, await loadMigrations());
	await writeFile(SCHEMA_FILE, await dumpSchema(db));
	console.log(`wrote ${SCHEMA_FILE}`);
} finally {
	await db.close();
}
