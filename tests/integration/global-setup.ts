import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { loadMigrations, migrate } from '../../src/lib/server/db/migrate';
import { dumpPGlite, openPGlite } from '../../src/lib/server/db/pglite.engine';
import { openPostgres } from '../../src/lib/server/db/postgres.engine';
import type { Db } from '../../src/lib/server/db/port';
import { createDemoAccounts } from '../../src/lib/server/auth/accounts';
import { seedDemo } from '../../src/lib/server/demo/seed-demo';
import { DEMO_TEST_PASSWORD, TEST_INCIDENTS, TEST_UNTIL } from '../fixtures/constants';
import { databaseUrlFor } from '../fixtures/pg-url';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
		pgTemplateDb: string;
	}
}

async function prepare(db: Db): Promise<void> {
	await migrate(db, await loadMigrations());
	const demo = await seedDemo(db, { incidents: TEST_INCIDENTS, until: TEST_UNTIL });
	await createDemoAccounts(db, demo.zoneId, DEMO_TEST_PASSWORD);
}

/**
 * Migrates and seeds one database per engine once per run; every test file then starts from a
 * copy (PGlite: a data-directory dump; PostgreSQL: CREATE DATABASE … TEMPLATE), which is far
 * cheaper than migrating afresh and keeps test files independent.
 */
export default async function setup(project: TestProject) {
	const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
	const t0 = Date.now();
	const lite = await openPGlite();
	await prepare(lite);
	const file = join(tmpdir(), `anninh-template-${tag}.tar.gz`);
	await writeFile(file, Buffer.from(await (await dumpPGlite(lite)).arrayBuffer()));
	await lite.close();
	project.provide('pgliteTemplate', file);
	console.log(`[tests] PGlite template ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

	let templateDb = '';
	const url = process.env.DATABASE_URL;
	if (url) {
		templateDb = `anninh_tpl_${tag}`;
		const admin = postgres(url, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${templateDb}`);
		const pg = await openPostgres({ url: databaseUrlFor(url, templateDb), max: 2 });
		await prepare(pg);
		await pg.close();
		await admin.end();
		console.log(`[tests] PostgreSQL template ${templateDb} ready`);
	}
	project.provide('pgTemplateDb', templateDb);

	return async () => {
		await rm(file, { force: true });
		if (url && templateDb) {
			const admin = postgres(url, { max: 1, onnotice: () => {} });
			const leftovers = await admin<{ datname: string }[]>`
				select datname from pg_database where datname like ${`anninh_t%_${tag}%`}`;
			for (const { datname } of leftovers) {
				await admin.unsafe(`drop database if exists ${datname} with (force)`);
			}
			await admin.unsafe(`drop database if exists ${templateDb} with (force)`);
			await admin.end();
		}
	};
}
