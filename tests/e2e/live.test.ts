import { mkdir, rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { startApp, type RunningApp } from './server';

const ARTIFACTS = 'test-results';

async function signIn(page: Page, url: string, username: string) {
	await page.goto(`${url}/login`);
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill('demo');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL(`${url}/`);
	await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
}

const drawn = async (page: Page) =>
	Number(await page.getByTestId('map').getAttribute('data-incident-count'));

describe('the live map: a dispatcher and a commander side by side', () => {
	let app: RunningApp;
	let browser: Browser;
	let commanderCtx: BrowserContext;
	let dispatcherCtx: BrowserContext;
	let commander: Page;
	let dispatcher: Page;

	beforeAll(async () => {
		await mkdir(ARTIFACTS, { recursive: true });
		app = await startApp({ env: { DEMO_INCIDENTS: '3000' } });
		browser = await launchChromium();
		commanderCtx = await browser.newContext({ viewport: { width: 1600, height: 900 } });
		dispatcherCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		commander = await commanderCtx.newPage();
		dispatcher = await dispatcherCtx.newPage();
		await signIn(commander, app.url, 'commander');
		await signIn(dispatcher, app.url, 'dispatcher');
		await commander
			.getByTestId('live-state')
			.and(commander.locator('[data-state="live"]'))
			.waitFor({ timeout: 15_000 });
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		if (app) await rm(app.dataDir, { recursive: true, force: true });
	});

	/** The dispatcher creates an incident with their own session (the same API the form uses). */
	async function dispatch(severity = 1) {
		return dispatcher.evaluate(async (sev) => {
			const res = await fetch('/api/incidents', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					category: 'snatching',
					occurredAt: new Date().toISOString(),
					lon: 106.5655,
					lat: 20.8702,
					severity: sev,
					description: 'Cướp giật điện thoại (kiểm thử trực tiếp)'
				})
			});
			return { status: res.status, id: ((await res.json()) as { id: number }).id };
		}, severity);
	}

	it("shows the dispatcher's new incident on the commander's map and live list within 2 s", async () => {
		const before = await drawn(commander);
		const created = await dispatch(3);
		expect(created.status).toBe(201);
		const t0 = Date.now();
		await commander.getByTestId('live-item').first().waitFor({ timeout: 2000 });
		await expect.poll(() => drawn(commander), { timeout: 2000 }).toBe(before + 1);
		expect(Date.now() - t0).toBeLessThan(2000);
		// Severity 3 raises the banner until acknowledged.
		await expect(commander.getByTestId('alert-banner').isVisible()).resolves.toBe(true);
		await commander.screenshot({ path: `${ARTIFACTS}/live-commander.png` });
	});

	it('recovers the stream by itself after the server restarts, without losing events', async () => {
		const port = app.port;
		const dataDir = app.dataDir;
		await app.stop();
		await commander
			.getByTestId('live-state')
			.and(commander.locator('[data-state="reconnecting"], [data-state="offline"]'))
			.waitFor({ timeout: 15_000 });
		app = await startApp({ port, dataDir, env: { DEMO_INCIDENTS: '3000' } });
		await commander
			.getByTestId('live-state')
			.and(commander.locator('[data-state="live"]'))
			.waitFor({ timeout: 30_000 });
		const before = await drawn(commander);
		// The dispatcher's session survives the restart (sessions are in the database).
		const created = await dispatch(1);
		expect(created.status).toBe(201);
		await expect.poll(() => drawn(commander), { timeout: 3000 }).toBe(before + 1);
		await commander.screenshot({ path: `${ARTIFACTS}/live-after-restart.png` });
	});
});
