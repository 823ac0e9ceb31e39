import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, submitLogin } from './browser';
import { freePort, sessionCookie, startApp, type RunningApp } from './server';

/**
 * An attacker's page on another port of the same host: same site, other origin, so the browser
 * sends the app's SameSite=Lax cookie with its requests. It fires `no-cors` POSTs without a body
 * (no content type: SvelteKit's form check does not apply) and titles itself when done.
 */
function attackerPage(appUrl: string, paths: string[]): string {
	const shots = paths
		.map(
			(p) =>
				`fetch(${JSON.stringify(appUrl + p)}, { method: 'POST', mode: 'no-cors', credentials: 'include' })`
		)
		.join(',');
	return `<!doctype html><title>loading</title><script>
		Promise.allSettled([${shots}]).then(() => { document.title = 'sent'; });
	</script>`;
}

describe('a page on another origin cannot change state with the dispatcher’s cookie', () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;
	let attacker: Server;
	let attackerUrl: string;
	let attackPaths: string[] = [];
	let dispatcher: string;

	const tipStatus = async (id: number) => {
		const res = await fetch(`${app.url}/api/tips/${id}`, { headers: { cookie: dispatcher } });
		expect(res.status).toBe(200);
		const body = await res.json();
		return (body.tip ?? body).status as string;
	};
	/** Files a tip on the public line (no Origin: allowed) and returns its id from the queue. */
	const newTip = async (description: string) => {
		const res = await fetch(`${app.url}/api/tips`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ description, location: null })
		});
		expect(res.status).toBe(201);
		const queue = await fetch(`${app.url}/api/tips?status=received`, {
			headers: { cookie: dispatcher }
		});
		const tips = (await queue.json()).tips as { id: number; description: string }[];
		return tips.find((t) => t.description === description)!.id;
	};

	beforeAll(async () => {
		app = await startApp({ env: { DEMO_INCIDENTS: '500' } });
		dispatcher = await sessionCookie(app, 'dispatcher');
		const port = await freePort();
		attackerUrl = `http://127.0.0.1:${port}/`;
		attacker = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			res.end(attackerPage(app.url, attackPaths));
		});
		await new Promise<void>((ok) => attacker.listen(port, '127.0.0.1', ok));
		browser = await launchChromium();
		page = await browser.newPage();
		await page.goto(`${app.url}/login`);
		await submitLogin(page, 'dispatcher');
		await page.waitForURL(`${app.url}/`);
	});
	afterAll(async () => {
		await browser?.close();
		await new Promise((ok) => attacker?.close(ok));
		await app?.stop();
	});

	it('leaves the tip, the tip conversion and the session untouched after the attack page fires', async () => {
		const verified = await newTip('Thanh niên tụ tập đua xe trên QL10 lúc nửa đêm');
		const converted = await newTip('Trộm cắp xe máy ở bãi gửi xe ký túc xá công nhân');
		attackPaths = [
			`/api/tips/${verified}/verify`,
			`/api/tips/${converted}/convert`,
			'/api/auth/logout'
		];
		await page.goto(attackerUrl);
		await page.waitForFunction(() => document.title === 'sent');

		expect(await tipStatus(verified)).toBe('received');
		expect(await tipStatus(converted)).toBe('received');
		// The browser's own session survived the forged logout.
		await page.goto(`${app.url}/`);
		const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
		expect(me).toBe(200);
	});

	it('lets the app’s own page make the same request', async () => {
		const id = await newTip('Mất ví ở chợ Trạm Bạc');
		await page.goto(`${app.url}/`);
		const status = await page.evaluate(
			async (path) => (await fetch(path, { method: 'POST' })).status,
			`/api/tips/${id}/verify`
		);
		expect(status).toBe(200);
		expect(await tipStatus(id)).toBe('verifying');
	});

	it('answers curl-like requests: a foreign Origin or Sec-Fetch-Site is refused, neither or a bearer token works', async () => {
		const post = (id: number, headers: Record<string, string>) =>
			fetch(`${app.url}/api/tips/${id}/verify`, { method: 'POST', headers });

		const a = await newTip('Đánh nhau trước quán karaoke');
		const foreign = await post(a, { cookie: dispatcher, origin: attackerUrl.slice(0, -1) });
		expect(foreign.status).toBe(403);
		expect((await foreign.json()).error).toMatch(/không được phép/);
		const crossSite = await post(a, { cookie: dispatcher, 'sec-fetch-site': 'cross-site' });
		expect(crossSite.status).toBe(403);
		expect(await tipStatus(a)).toBe('received');

		expect((await post(a, { cookie: dispatcher })).status).toBe(200);
		expect(await tipStatus(a)).toBe('verifying');

		const admin = await sessionCookie(app, 'admin');
		const created = await fetch(`${app.url}/api/admin/tokens`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: admin },
			body: JSON.stringify({ name: 'e2e origin', role: 'dispatcher' })
		});
		expect(created.status).toBe(201);
		const { token: value } = (await created.json()) as { token: string };
		const b = await newTip('Cháy nhỏ ở kho phế liệu');
		const bearer = await post(b, {
			authorization: `Bearer ${value}`,
			origin: 'https://evil.example',
			'sec-fetch-site': 'cross-site'
		});
		expect(bearer.status).toBe(200);
		expect(await tipStatus(b)).toBe('verifying');
	});
});
