import { mkdir, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, submitLogin } from './browser';
import { sessionCookie, startApp, type RunningApp } from './server';

const ARTIFACTS = 'test-results';

const ALERT = '<img src=x onerror=alert(1)>';
const FLAG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';
const SVG = '"><svg onload="window.__xss=3">';

async function createIncident(
	app: RunningApp,
	cookie: string,
	extra: Record<string, unknown>
): Promise<number> {
	const res = await fetch(`${app.url}/api/incidents`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({
			category: 'theft',
			occurredAt: new Date().toISOString(),
			lon: 106.562,
			lat: 20.866,
			...extra
		})
	});
	const body = await res.json();
	expect(res.status, JSON.stringify(body)).toBe(201);
	return body.id;
}

describe("an incident's text is shown as text and never runs", () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;
	let dispatcher: string;
	let alertId: number;
	let flagId: number;
	const dialogs: string[] = [];
	const consoleErrors: string[] = [];

	beforeAll(async () => {
		await mkdir(ARTIFACTS, { recursive: true });
		app = await startApp({ env: { DEMO_INCIDENTS: '2000' } });
		dispatcher = await sessionCookie(app, 'dispatcher');
		alertId = await createIncident(app, dispatcher, { description: ALERT });
		flagId = await createIncident(app, dispatcher, {
			description: FLAG,
			reporterName: SCRIPT,
			reporterPhone: '0912 345 678',
			people: [{ role: 'witness', name: SVG, birthYear: 1990 }]
		});

		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		// A dialog would mean a payload ran: record it (and dismiss it so nothing hangs).
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		page.on('console', (msg) => {
			if (msg.type() === 'error') consoleErrors.push(msg.text());
		});
		// The commander signs in through the login page, which sends them on to the deep link.
		await page.goto(`${app.url}/incidents/${alertId}`);
		await page.waitForURL(/\/login\?next=/);
		await submitLogin(page, 'commander');
		await page.waitForURL(`${app.url}/incidents/${alertId}`);
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		if (app) await rm(app.dataDir, { recursive: true, force: true });
	});

	it('shows an alert() payload literally on /incidents/{id} and never opens a dialog', async () => {
		const description = page.getByTestId('incident-description');
		await description.waitFor();
		expect(await description.innerText()).toBe(ALERT);
		// Give an <img onerror> every chance to fire had it been parsed as markup.
		await page.waitForTimeout(750);
		expect(await page.locator('[data-testid="incident-panel"] img').count()).toBe(0);
		expect(dialogs).toEqual([]);
		await page.screenshot({ path: `${ARTIFACTS}/xss.png` });
	});

	it('shows script, img and svg payloads in every text field literally and runs none', async () => {
		await page.goto(`${app.url}/incidents/${flagId}`);
		const description = page.getByTestId('incident-description');
		await description.waitFor();
		await page.waitForTimeout(750);
		expect(await description.innerText()).toBe(FLAG);
		const panel = page.getByTestId('incident-panel');
		await expect(panel.getByText(SCRIPT, { exact: true }).isVisible()).resolves.toBe(true);
		await expect(panel.getByText(SVG, { exact: true }).isVisible()).resolves.toBe(true);
		expect(await panel.locator('img, script, svg').count()).toBe(0);
		expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
		expect(dialogs).toEqual([]);
		await page.screenshot({ path: `${ARTIFACTS}/xss-fields.png` });
	});

	it('shows the attributes in Vietnamese formats', async () => {
		const panel = page.getByTestId('incident-panel');
		await expect(panel.getByRole('heading', { level: 2 }).innerText()).resolves.toBe(
			`Vụ việc #${flagId}`
		);
		expect(await page.getByTestId('incident-occurred').innerText()).toMatch(
			/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/
		);
		const text = await panel.innerText();
		expect(text).toContain('Trộm cắp tài sản');
		expect(text).toContain('Mới tiếp nhận');
		expect(text).toContain('Người làm chứng');
	});

	it('opens the same panel from a click on an incident point on the map', async () => {
		// Close in (the view is in the URL), where the map draws points rather than hexagon counts.
		await page.goto(`${app.url}/?c=106.562%2C20.866&z=16`);
		await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
		const at = await page.evaluate(async () => {
			const map = (window as any).__anninhMap;
			if (map.getZoom() < 15) map.jumpTo({ center: [106.562, 20.866], zoom: 16 });
			await Promise.race([
				new Promise((ok) => map.once('idle', ok)),
				new Promise((ok) => setTimeout(ok, 5000))
			]);
			return map.project([106.562, 20.866]);
		});
		await page.waitForTimeout(1500);
		await page.mouse.click(at.x, at.y);
		const panel = page.getByTestId('incident-panel');
		await panel.waitFor({ timeout: 10_000 });
		await expect(panel.getByRole('heading', { level: 2 }).innerText()).resolves.toMatch(
			/^Vụ việc #\d+$/
		);
		await panel.getByTestId('incident-occurred').waitFor();
		await page.screenshot({ path: `${ARTIFACTS}/incident-panel.png` });
		await page.keyboard.press('Escape');
		await panel.waitFor({ state: 'detached' });
		expect(dialogs).toEqual([]);
	});

	it('logged no errors (no Content-Security-Policy violation among them)', () => {
		expect(consoleErrors).toEqual([]);
	});

	it('sends a CSP with a nonce on pages, and deny-all CSP and security headers on the API', async () => {
		const pageRes = await fetch(`${app.url}/incidents/${alertId}`, {
			headers: { cookie: dispatcher }
		});
		expect(pageRes.status).toBe(200);
		const csp = pageRes.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/default-src 'self'/);
		expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=]+'/);
		expect(csp).toMatch(/object-src 'none'/);
		expect(csp).toMatch(/frame-ancestors 'none'/);
		expect(csp).not.toMatch(/unsafe-eval/);
		const html = await pageRes.text();
		const nonce = /'nonce-([\w+/=]+)'/.exec(csp)![1];
		// Every inline script Kit writes carries the nonce; none is left without it.
		const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
		expect(inline.length).toBeGreaterThan(0);
		for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);

		const apiAnswers = [
			await fetch(`${app.url}/api/incidents/${alertId}`, { headers: { cookie: dispatcher } }),
			await fetch(`${app.url}/api/zones`),
			await fetch(`${app.url}/api/openapi.json`),
			await fetch(`${app.url}/api/incidents/not-a-number`, { headers: { cookie: dispatcher } })
		];
		expect(apiAnswers.map((r) => r.status)).toEqual([200, 401, 200, 400]);
		for (const res of [pageRes, ...apiAnswers]) {
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('x-frame-options')).toBe('DENY');
			expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		}
		for (const res of apiAnswers) {
			expect(res.headers.get('content-security-policy')).toBe(
				"default-src 'none'; frame-ancestors 'none'"
			);
		}
	});
});
