import { mkdir, rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInToMap } from './browser';
import { startApp, type RunningApp } from './server';

const ARTIFACTS = 'test-results';

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
		await signInToMap(commander, app.url, 'commander');
		await signInToMap(dispatcher, app.url, 'dispatcher');
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

	/** Clicks the dispatcher's map at a lon/lat (projected by MapLibre), clear of the panels. */
	async function clickMapAt(lon: number, lat: number) {
		const [x, y, onMap] = await dispatcher.evaluate(
			([x, y]) => {
				const map = (window as any).__anninhMap;
				const p = map.project([x, y]);
				const r = map.getContainer().getBoundingClientRect();
				// Nothing (a banner, a panel) may cover the point.
				const hit = document.elementFromPoint(r.left + p.x, r.top + p.y);
				return [p.x, p.y, !!hit && map.getContainer().contains(hit)] as [number, number, boolean];
			},
			[lon, lat]
		);
		expect(onMap).toBe(true);
		const box = (await dispatcher.getByTestId('map').boundingBox())!;
		// Between the layer panel (left), the form (right) and the filter bar (top).
		expect(x).toBeGreaterThan(340);
		expect(x).toBeLessThan(box.width - 400);
		expect(y).toBeGreaterThan(150);
		await dispatcher.mouse.click(box.x + x, box.y + y);
	}

	it('gives the "New incident" control to a dispatcher but not to a commander', async () => {
		await expect(dispatcher.getByTestId('new-incident').isVisible()).resolves.toBe(true);
		await expect(dispatcher.getByTestId('new-incident').textContent()).resolves.toContain(
			'Tạo vụ việc'
		);
		await expect(commander.getByTestId('new-incident').count()).resolves.toBe(0);
	});

	it("a dispatcher clicks the map, fills the form, and the incident appears on the commander's map within 2 s", async () => {
		const before = await drawn(commander);
		const itemsBefore = await commander.getByTestId('live-item').count();
		await dispatcher.getByTestId('new-incident').click();
		await dispatcher.getByTestId('new-incident-hint').waitFor();
		await clickMapAt(106.5655, 20.8702);
		const form = dispatcher.getByTestId('new-incident-form');
		await dispatcher.getByTestId('draft-pin').waitFor();
		await expect(dispatcher.getByTestId('new-incident-position').textContent()).resolves.toMatch(
			/^20,870\d*° N, 106,565\d*° E$/
		);
		// The time defaults to now, Vietnam time.
		const shown = await form.locator('input[name="occurredAt"]').inputValue();
		const vnNow = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 16);
		expect(Math.abs(Date.parse(`${shown}Z`) - Date.parse(`${vnNow}Z`))).toBeLessThanOrEqual(
			120_000
		);

		// Without a category the server refuses, and says so next to the field.
		await form.getByRole('button', { name: 'Lưu vụ việc' }).click();
		await form.getByText('Chọn loại vụ việc.').waitFor({ timeout: 5000 });
		await expect(
			form.locator('select[name="category"]').getAttribute('aria-invalid')
		).resolves.toBe('true');

		await form.locator('select[name="category"]').selectOption('snatching');
		await form.locator('select[name="severity"]').selectOption('2');
		await form.locator('select[name="source"]').selectOption('hotline');
		await form.locator('textarea[name="description"]').fill('Cướp giật túi xách (tạo trên bản đồ)');
		await dispatcher.screenshot({ path: `${ARTIFACTS}/create-form.png` });
		const t0 = Date.now();
		await form.getByRole('button', { name: 'Lưu vụ việc' }).click();
		await dispatcher.getByText(/Đã tạo vụ việc #\d+/).waitFor({ timeout: 5000 });
		await expect
			.poll(() => commander.getByTestId('live-item').count(), { timeout: 2000 })
			.toBe(itemsBefore + 1);
		await expect.poll(() => drawn(commander), { timeout: 2000 }).toBe(before + 1);
		expect(Date.now() - t0).toBeLessThan(2000 + 1000);
		await expect(commander.getByTestId('live-item').first().textContent()).resolves.toContain(
			'Cướp giật'
		);
		await commander.screenshot({ path: `${ARTIFACTS}/create-seen-by-commander.png` });
	});

	it('asks for an explicit confirmation before creating an incident outside the zone', async () => {
		const before = await drawn(commander);
		// The severity-3 incident above raised the banner on the dispatcher's map too.
		const banner = dispatcher.getByTestId('alert-banner');
		if (await banner.isVisible()) {
			await banner.getByRole('button', { name: 'Đã nắm' }).click();
			await banner.waitFor({ state: 'hidden' });
		}
		await dispatcher.getByTestId('new-incident').click();
		// North of the zone's edge (lat 20.895), on screen above it.
		await clickMapAt(106.575, 20.9);
		const form = dispatcher.getByTestId('new-incident-form');
		await form.locator('select[name="category"]').selectOption('theft');
		await form.getByRole('button', { name: 'Lưu vụ việc' }).click();
		await dispatcher
			.getByTestId('outside-zone')
			.waitFor({ timeout: 5000 })
			.catch(async (err: unknown) => {
				await dispatcher.screenshot({ path: `${ARTIFACTS}/create-outside-zone-failed.png` });
				throw new Error(`${String(err)}\nform: ${await form.textContent().catch(() => '')}`);
			});
		await dispatcher.screenshot({ path: `${ARTIFACTS}/create-outside-zone.png` });
		await form.getByRole('button', { name: 'Xác nhận vị trí, vẫn tạo' }).click();
		await dispatcher.getByText(/Đã tạo vụ việc #\d+/).waitFor({ timeout: 5000 });
		await expect.poll(() => drawn(commander), { timeout: 2000 }).toBe(before + 1);
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
