import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningApp {
	url: string;
	port: number;
	dataDir: string;
	proc: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.once('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as { port: number };
			s.close(() => ok(port));
		});
	});
}

export async function newDataDir(): Promise<string> {
	return mkdtemp(join(tmpdir(), 'anninh-e2e-'));
}

/** Environment without the developer's DATABASE_URL: the app under test uses what we pass. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env = { ...process.env };
	delete env.DATABASE_URL;
	return { ...env, ...extra };
}

/** Runs the built server (`node build`) once to its exit; for start-up failures. */
export function runToExit(
	env: NodeJS.ProcessEnv,
	timeoutMs = 60_000
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((ok, fail) => {
		const proc = spawn(process.execPath, [resolve('build')], {
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		proc.stdout.on('data', (d) => (stdout += d));
		proc.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			proc.kill('SIGKILL');
			fail(new Error(`server did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
		}, timeoutMs);
		proc.on('exit', (code) => {
			clearTimeout(timer);
			ok({ code, stdout, stderr });
		});
	});
}

/** Starts the built app on a free port and waits until /api/health answers ok. */
export async function startApp(
	opts: {
		dataDir?: string;
		env?: Record<string, string>;
		port?: number;
		/** The script to run instead of the built server (e.g. `scripts/start.mjs`, `npm start`). */
		entry?: string;
	} = {}
): Promise<RunningApp> {
	const port = opts.port ?? (await freePort());
	const dataDir = opts.dataDir ?? (await newDataDir());
	let log = '';
	const proc = spawn(process.execPath, [resolve(opts.entry ?? 'build')], {
		env: cleanEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...opts.env }),
		stdio: ['ignore', 'pipe', 'pipe']
	});
	proc.stdout!.on('data', (d) => (log += d));
	proc.stderr!.on('data', (d) => (log += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${log}`);
		try {
			const res = await fetch(`${url}/api/health`);
			if (res.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			proc.kill('SIGKILL');
			throw new Error(`server not healthy after 180 s:\n${log}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		url,
		port,
		dataDir,
		proc,
		output: () => log,
		stop: () =>
			new Promise<void>((ok) => {
				if (proc.exitCode !== null) return ok();
				proc.once('exit', () => ok());
				proc.kill('SIGTERM');
				setTimeout(() => proc.kill('SIGKILL'), 15_000).unref();
			})
	};
}

/** Signs in through the API as a demo account (a client without Origin) and returns its cookie. */
export async function sessionCookie(
	app: RunningApp,
	username: string,
	password = 'demo'
): Promise<string> {
	const res = await fetch(`${app.url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	if (res.status !== 200) throw new Error(`login of ${username}: ${res.status}`);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('anninh_session='));
	if (!cookie) throw new Error(`login of ${username} set no session cookie`);
	return cookie.split(';')[0]!;
}
