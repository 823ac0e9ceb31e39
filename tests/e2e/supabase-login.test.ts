import { createServer, type Server } from 'node:http';
import { SignJWT } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGlite } from '../../src/lib/server/db/pglite.engine';
import { launchChromium } from './browser';
import { freePort, startApp, type RunningApp } from './server';

const SECRET = 'e2e-only-supabase-jwt-secret-0123456789abcdef';
const ANON_KEY = 'e2e-anon-key-0123456789abcdef';
const USER_ID = '5b0c9a5e-2f6d-4c1e-9a1b-3d2e1f0a9b8c';
const EMAIL = 'officer@anninh.example';
const PASSWORD = 'Supabase-pass-2026';

/**
 * A stand-in for Supabase Auth's password grant (GoTrue `POST /auth/v1/token`), so the real
 * supabase-js runs in the browser against something. It signs access tokens the way Supabase
 * does (HS256 with the project's JWT secret, audience and role `authenticated`). It is not
 * Supabase: a change in Supabase's own API would not show here.
 */
async function fakeSupabaseAuth(port: number): Promise<Server> {
	const server = createServer((req, res) => {
		res.setHeader('access-control-allow-origin', '*');
		res.setHeader('access-control-allow-headers', '*');
		res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
		if (req.method === 'OPTIONS') return void res.writeHead(204).end();
		let raw = '';
		req.on('data', (d) => (raw += d));
		req.on('end', async () => {
			const url = new URL(req.url ?? '/', 'http://localhost');
			const body = JSON.parse(raw || '{}') as { email?: string; password?: string };
			const ok =
				url.pathname === '/auth/v1/token' &&
				url.searchParams.get('grant_type') === 'password' &&
				req.headers.apikey === ANON_KEY &&
				body.email === EMAIL &&
				body.password === PASSWORD;
			res.setHeader('content-type', 'application/json');
			if (!ok) {
				res.writeHead(400).end(
					JSON.stringify({
						code: 400,
						error_code: 'invalid_credentials',
						msg: 'Invalid login credentials'
					})
				);
				return;
			}
			const now = Math.floor(Date.now() / 1000);
			const accessToken = await new SignJWT({ role: 'authenticated', email: EMAIL })
				.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
				.setSubject(USER_ID)
				.setAudience('authenticated')
				.setIssuedAt(now)
				.setExpirationTime(now + 3600)
				.sign(new TextEncoder().encode(SECRET));
			res.writeHead(200).end(
				JSON.stringify({
					access_token: accessToken,
					token_type: 'bearer',
					expires_in: 3600,
					expires_at: now + 3600,
					refresh_token: 'e2e-refresh-token',
					user: {
						id: USER_ID,
						aud: 'authenticated',
						role: 'authenticated',
						email: EMAIL,
						app_metadata: { provider: 'email' },
						user_metadata: {},
						created_at: new Date().toISOString()
					}
				})
			);
		});
	});
	await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
	return server;
}

describe('signing in through Supabase Auth on the login page', () => {
	let app: RunningApp;
	let auth: Server;
	let browser: Browser;
	let authUrl: string;

	beforeAll(async () => {
		// A first start creates the demo database; the Supabase user's account is then added
		// (as an administrator would) and the app restarted with Supabase configured.
		const first = await startApp({ env: { DEMO_INCIDENTS: '500' } });
		await first.stop();
		const db = await openPGlite({ dataDir: first.dataDir });
		await db.query(
			`insert into app_users (id, username, display_name, role, auth_provider)
			values ($1, 'sb-officer', 'Cán bộ Supabase', 'commander', 'supabase')`,
			[USER_ID]
		);
		await db.query(`insert into user_zones (user_id, zone_id) select $1, id from zones`, [USER_ID]);
		await db.close();

		const authPort = await freePort();
		authUrl = `http://127.0.0.1:${authPort}`;
		auth = await fakeSupabaseAuth(authPort);
		app = await startApp({
			dataDir: first.dataDir,
			env: { SUPABASE_URL: authUrl, SUPABASE_ANON_KEY: ANON_KEY, SUPABASE_JWT_SECRET: SECRET }
		});
		browser = await launchChromium();
	}, 300_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		await new Promise((ok) => auth?.close(ok));
	});

	it('lets the Supabase origin through the login page’s CSP, and no other page’s', async () => {
		const login = await fetch(`${app.url}/login`);
		expect(login.headers.get('content-security-policy')).toMatch(
			new RegExp(`connect-src[^;]*${authUrl.replace(/[.:/]/g, '\\$&')}`)
		);
		const tip = await fetch(`${app.url}/tip`);
		expect(tip.headers.get('content-security-policy')).not.toContain(authUrl);
	});

	it('signs in with an email through supabase-js and lands signed in with our session cookie', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		const supabaseCalls: string[] = [];
		page.on('request', (r) => {
			if (r.url().startsWith(authUrl) && r.method() === 'POST') supabaseCalls.push(r.url());
		});
		await page.goto(`${app.url}/login`);
		await page.getByLabel(/Tên đăng nhập hoặc email/).fill(EMAIL);
		await page.getByLabel(/Mật khẩu/).fill('wrong-password-1');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect
			.poll(async () => page.getByRole('alert').textContent(), { timeout: 15_000 })
			.toContain('Sai email hoặc mật khẩu');

		await page.getByLabel(/Mật khẩu/).fill(PASSWORD);
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await page.waitForURL(`${app.url}/`, { timeout: 30_000 });
		expect(supabaseCalls.length).toBe(2);
		const cookies = await context.cookies(app.url);
		const session = cookies.find((c) => c.name === 'anninh_session');
		expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
		// The same cookie opens the API; the Supabase session was kept nowhere in the page.
		const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
		expect(me).toMatchObject({ id: USER_ID, role: 'commander' });
		const stored = await page.evaluate(() => JSON.stringify(localStorage));
		expect(stored).not.toContain('access_token');
		await context.close();
	}, 120_000);
});
