import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { loadMigrations, migrate, type Migration } from '../../src/lib/server/db/migrate';
import { dumpPGlite, openPGlite } from '../../src/lib/server/db/pglite.engine';
import { openPostgres } from '../../src/lib/server/db/postgres.engine';
import type { Db } from '../../src/lib/server/db/port';
import { createDemoAccounts } from '../../src/lib/server/auth/accounts';
import { seedDemo } from '../../src/lib/server/demo/seed-demo';
import { DEMO_TEST_PASSWORD, TEST_INCIDENTS, TEST_UNTIL } from '../fixtures/constants';
import { databaseUrlFor } from '../fixtures/pg-url';
import { pushLikeSupabaseCli } from '../fixtures/supabase-cli';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
		pgTemplateDb: string;
		supabaseTemplateDb: string;
	}
}

async function prepare(db: Db, migrations: Migration[], pushed = false): Promise<void> {
	const { applied } = await migrate(db, migrations);
	if (pushed && applied.length > 0) {
		throw new Error(
			`the app did not see what supabase db push applied: it applied ${applied.join(', ')}`
		);
	}
	const demo = await seedDemo(db, { incidents: TEST_INCIDENTS, until: TEST_UNTIL });
	await createDemoAccounts(db, demo.zoneId, DEMO_TEST_PASSWORD);
}

/**
 * A migrated and seeded template database on a PostgreSQL server, made through `adminUrl`: cloned
 * from `base` and pushed as the Supabase CLI pushes (then the app must find nothing to apply), or
 * created empty and migrated by the app.
 */
async function serverTemplate(
	adminUrl: string,
	name: string,
	migrations: Migration[],
	base?: string
) {
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}${base ? ` template ${base}` : ''}`);
	await admin.end();
	const url = databaseUrlFor(adminUrl, name);
	if (base) await pushLikeSupabaseCli(url, migrations);
	const pg = await openPostgres({ url, max: 2 });
	try {
		await prepare(pg, migrations, Boolean(base));
	} finally {
		await pg.close();
	}
}

/** Drops the template and every test database of this run left on a server. */
async function dropDatabases(adminUrl: string, tag: string, template: string) {
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	const leftovers = await admin<{ datname: string }[]>`
		select datname from pg_database where datname like ${`anninh_t%_${tag}%`}`;
	for (const { datname } of leftovers) {
		await admin.unsafe(`drop database if exists ${datname} with (force)`);
	}
	await admin.unsafe(`drop database if exists ${template} with (force)`);
	await admin.end();
}

/**
 * Migrates and seeds one database per engine once per run; every test file then starts from a
 * copy (PGlite: a data-directory dump; PostgreSQL: CREATE DATABASE … TEMPLATE), which is far
 * cheaper than migrating afresh and keeps test files independent.
 */
export default async function setup(project: TestProject) {
	const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
	const migrations = await loadMigrations();
	const t0 = Date.now();
	const lite = await openPGlite();
	await prepare(lite, migrations);
	const file = join(tmpdir(), `anninh-template-${tag}.tar.gz`);
	await writeFile(file, Buffer.from(await (await dumpPGlite(lite)).arrayBuffer()));
	await lite.close();
	project.provide('pgliteTemplate', file);
	console.log(`[tests] PGlite template ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

	const template = `anninh_tpl_${tag}`;
	const url = process.env.DATABASE_URL;
	if (url) {
		await serverTemplate(url, template, migrations);
		console.log(`[tests] PostgreSQL template ${template} ready`);
	}
	project.provide('pgTemplateDb', url ? template : '');

	// The Supabase-like server: its own cluster, so the same name does not collide.
	const supabaseUrl = process.env.SUPABASE_TEST_URL;
	const supabaseAdmin = supabaseUrl && databaseUrlFor(supabaseUrl, 'postgres');
	if (supabaseUrl && supabaseAdmin) {
		const base = new URL(supabaseUrl).pathname.slice(1);
		await serverTemplate(supabaseAdmin, template, migrations, base);
		console.log(
			`[tests] Supabase-like template ${template} ready (pushed as supabase db push does)`
		);
	}
	project.provide('supabaseTemplateDb', supabaseUrl ? template : '');

	return async () => {
		await rm(file, { force: true });
		if (url) await dropDatabases(url, tag, template);
		if (supabaseAdmin) await dropDatabases(supabaseAdmin, tag, template);
	};
}
