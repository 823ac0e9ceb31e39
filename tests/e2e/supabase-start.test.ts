import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrlFor } from '../fixtures/pg-url';
import { startApp, type RunningApp } from './server';

const SUPABASE_TEST_URL = process.env.SUPABASE_TEST_URL;

/**
 * The built server on a new database built as Supabase builds one (scripts/supabase-test-cluster.sh:
 * PostGIS in schema extensions, the role `postgres` no superuser): it migrates the database itself,
 * loads the demo and answers through the security-definer functions that use PostGIS.
 */
describe.skipIf(!SUPABASE_TEST_URL)('the built server on Supabase', () => {
	let app: RunningApp | undefined;
	let admin: postgres.Sql;
	const name = `anninh_e2e_${randomBytes(4).toString('hex')}`;

	beforeAll(async () => {
		const url = SUPABASE_TEST_URL!;
		admin = postgres(databaseUrlFor(url, 'postgres'), { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name} template ${new URL(url).pathname.slice(1)}`);
		app = await startApp({
			env: { DATABASE_URL: databaseUrlFor(url, name), DEMO_DATA: 'true', DEMO_INCIDENTS: '300' }
		});
	});
	afterAll(async () => {
		await app?.stop();
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end();
	});

	it('migrates the database, signs a commander in and serves incidents, hexagons and the situation', async () => {
		expect(app!.output()).toMatch(/applied \d+ migration\(s\)/);
		const login = await fetch(`${app!.url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'commander', password: 'demo' })
		});
		expect(login.status).toBe(200);
		const cookie = login.headers
			.getSetCookie()
			.find((c) => c.startsWith('anninh_session='))!
			.split(';')[0]!;
		const incidents = await fetch(`${app!.url}/api/incidents?limit=5`, { headers: { cookie } });
		expect(incidents.status).toBe(200);
		expect((await incidents.json()).features.length).toBeGreaterThan(0);
		for (const path of ['/api/incidents/hexbins?size=500', '/api/situation']) {
			const res = await fetch(`${app!.url}${path}`, { headers: { cookie } });
			expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
		}
	});
});
