import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WEAK_ADMIN_PASSWORDS } from '../fixtures/constants';
import { cleanEnv, freePort, newDataDir, runToExit } from './server';

/** One clear sentence on stderr, exit code 1, and no stack trace. */
function expectClearFailure(
	res: { code: number | null; stderr: string; stdout: string },
	pattern: RegExp
) {
	expect(res.code).toBe(1);
	expect(res.stderr).toMatch(/Cannot start: /);
	expect(res.stderr).toMatch(pattern);
	expect(res.stderr + res.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('start-up faults end with one clear sentence', () => {
	const dirs: string[] = [];
	afterAll(async () => {
		for (const d of dirs) await rm(d, { recursive: true, force: true });
	});

	it('an unreachable DATABASE_URL says the server cannot be reached and hides the password', async () => {
		const port = await freePort();
		const res = await runToExit(
			cleanEnv({
				PORT: String(await freePort()),
				DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${port}/anninh`
			})
		);
		expectClearFailure(
			res,
			/Cannot reach the PostgreSQL server at postgres:\/\/app@127\.0\.0\.1:\d+\/anninh/
		);
		expect(res.stderr + res.stdout).not.toContain('s3cret');
	});

	it('a DATA_DIR holding something else is refused', async () => {
		const dir = await newDataDir();
		dirs.push(dir);
		await writeFile(join(dir, 'notes.txt'), 'not a database');
		const res = await runToExit(cleanEnv({ PORT: String(await freePort()), DATA_DIR: dir }));
		expectClearFailure(res, /is not an embedded database/);
	});

	it('a DATA_DIR from another PostgreSQL version is refused', async () => {
		const dir = await newDataDir();
		dirs.push(dir);
		await writeFile(join(dir, 'PG_VERSION'), '15\n');
		await mkdir(join(dir, 'base'));
		const res = await runToExit(cleanEnv({ PORT: String(await freePort()), DATA_DIR: dir }));
		expectClearFailure(res, /PostgreSQL 15 database/);
	});

	it('a damaged DATA_DIR is reported as damaged', async () => {
		const dir = await newDataDir();
		dirs.push(dir);
		await writeFile(join(dir, 'PG_VERSION'), '18\n');
		await mkdir(join(dir, 'global'));
		await writeFile(join(dir, 'global', 'pg_control'), 'garbage');
		const res = await runToExit(cleanEnv({ PORT: String(await freePort()), DATA_DIR: dir }));
		expectClearFailure(res, /looks damaged/);
	});

	it('a port already in use is named, with what to do', async () => {
		const blocker: Server = createServer();
		const port = await freePort();
		await new Promise<void>((ok) => blocker.listen(port, '127.0.0.1', () => ok()));
		try {
			const res = await runToExit(
				cleanEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: await newDataDir() })
			);
			expectClearFailure(res, new RegExp(`Port ${port} is already in use`));
		} finally {
			blocker.close();
		}
	});

	it('an invalid PORT is a configuration error', async () => {
		const res = await runToExit(cleanEnv({ PORT: 'eighty' }));
		expectClearFailure(res, /Configuration error: PORT/);
	});

	it('a deployment without demo data refuses to start without a first-admin password', async () => {
		const dir = await newDataDir();
		dirs.push(dir);
		const res = await runToExit(
			cleanEnv({ PORT: String(await freePort()), DATA_DIR: dir, DEMO_DATA: 'false' }),
			180_000
		);
		expectClearFailure(res, /ADMIN_PASSWORD is unset or a default value/);
	}, 200_000);

	it('each weak first-admin password an attacker saw accepted stops the server at once, saying why', async () => {
		for (const ADMIN_PASSWORD of [...WEAK_ADMIN_PASSWORDS, 'admin']) {
			const res = await runToExit(
				cleanEnv({
					PORT: String(await freePort()),
					DATA_DIR: await newDataDir().then((d) => (dirs.push(d), d)),
					DEMO_DATA: 'false',
					ADMIN_PASSWORD
				})
			);
			expectClearFailure(res, /Configuration error: ADMIN_PASSWORD (is|must|repeats) [^\n]+\./);
			if (ADMIN_PASSWORD.length >= 10)
				expect(res.stderr + res.stdout, ADMIN_PASSWORD).not.toContain(ADMIN_PASSWORD);
		}
	}, 120_000);
});
