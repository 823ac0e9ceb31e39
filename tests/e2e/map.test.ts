import { mkdir, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pixelsOf, submitLogin, type Rgb } from './browser';
import { startApp, type RunningApp } from './server';

const ARTIFACTS = 'test-results';

const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('the first page shows the zone on an offline map', () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;
	const external: string[] = [];
	const consoleErrors: string[] = [];

	beforeAll(async () => {
		await mkdir(ARTIFACTS, { recursive: true });
		app = await startApp();
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
		page.on('request', (req) => {
			const url = new URL(req.url());
			if (
				!['127.0.0.1', 'localhost'].includes(url.hostname) &&
				!url.protocol.startsWith('data') &&
				url.protocol !== 'blob:'
			) {
				external.push(req.url());
			}
		});
		page.on('console', (msg) => {
			if (msg.type() === 'error') consoleErrors.push(msg.text());
		});
		// Anonymous visitors are sent to the login page; the demo commander signs in.
		await page.goto(app.url);
		await page.waitForURL(/\/login\?next=%2F$/);
		await submitLogin(page, 'commander');
		await page.waitForURL(`${app.url}/`);
		await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
		// Let the WebGL frame settle before reading pixels.
		await page.waitForTimeout(1000);
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		if (app) await rm(app.dataDir, { recursive: true, force: true });
	});

	it('draws the zone: pixels inside the zone differ from the background outside it', async () => {
		const png = await page.screenshot({ path: `${ARTIFACTS}/map-vi.png` });
		const pts = await page.evaluate(() => {
			const map = (window as any).__anninhMap;
			const inside = [
				[106.598, 20.889],
				[106.6, 20.875],
				[106.585, 20.888],
				[106.547, 20.89],
				[106.575, 20.855]
			].map((p) => map.project(p));
			// Outside the zone but clear of the layer panel (left) and the situation column
			// (right): north of the zone, and in the notch of its western edge.
			const outside = [
				[106.56, 20.898],
				[106.58, 20.898],
				[106.545, 20.865]
			].map((p) => map.project(p));
			return { inside, outside };
		});
		const outside = await pixelsOf(page, png, pts.outside);
		const inside = await pixelsOf(page, png, pts.inside);
		const background = outside[0]!;
		for (const o of outside) expect(distance(o, background)).toBeLessThan(12);
		const drawn = inside.filter((p) => distance(p, background) > 12);
		expect(drawn.length).toBe(inside.length);
	});

	it('labels the wards in force today, and the park', async () => {
		const labels = await page.getByTestId('unit-label').allInnerTexts();
		expect(labels.map((l) => l.trim()).sort()).toEqual([
			'Phường An Dương',
			'Phường An Hải',
			'Phường An Phong'
		]);
		await expect(
			page.getByText('KCN Tràng Duệ', { exact: true }).first().isVisible()
		).resolves.toBe(true);
	});

	it('shows the demo-data badge', async () => {
		const badge = page.getByTestId('demo-badge');
		expect(await badge.isVisible()).toBe(true);
		expect(await badge.innerText()).toMatch(/DỮ LIỆU MÔ PHỎNG/);
	});

	it('draws the demo incidents as points', async () => {
		const count = Number(await page.getByTestId('map').getAttribute('data-incident-count'));
		expect(count).toBeGreaterThan(100);
	});

	it('highlights the accident black spots of the last 12 months on QL10', async () => {
		const toggle = page.getByTestId('layer-toggle-accidents');
		if (!(await toggle.isChecked())) await toggle.check();
		const legend = page.getByTestId('black-spot-count');
		await expect
			.poll(async () => Number(await legend.getAttribute('data-count')), { timeout: 15_000 })
			.toBeGreaterThan(0);
		expect(await legend.textContent()).toMatch(/Điểm đen TNGT \(12 tháng\): [1-9]/);
	});

	it('loads nothing from outside this server and logs no errors', () => {
		expect(external).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});

	it('hides the incident points when their layer is switched off, and keeps the view in the URL across a reload', async () => {
		const count = async () =>
			Number(await page.getByTestId('map').getAttribute('data-incident-count'));
		expect(await count()).toBeGreaterThan(100);
		await page.getByTestId('layer-toggle-incidents').uncheck();
		await expect.poll(count, { timeout: 5000 }).toBe(0);
		await expect
			.poll(() => new URL(page.url()).searchParams.get('l'), { timeout: 5000 })
			.not.toBeNull();
		const shared = page.url();
		expect(new URL(shared).searchParams.get('l')).not.toContain('incidents');
		// A commander opening the shared link sees the same view.
		await page.goto(shared);
		await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
		expect(await page.getByTestId('layer-toggle-incidents').isChecked()).toBe(false);
		expect(await count()).toBe(0);
		await page.getByTestId('layer-toggle-incidents').check();
		await expect.poll(count, { timeout: 5000 }).toBeGreaterThan(100);
	});

	it('draws fewer points when the filters narrow: category, time preset, status', async () => {
		const count = async () =>
			Number(await page.getByTestId('map').getAttribute('data-incident-count'));
		await page.goto(`${app.url}/?mode=points&t=1y`);
		await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
		await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(1000);
		const year = await count();

		// One category: fewer points, but some.
		await page.getByTestId('category-filter').click();
		await page.getByRole('checkbox', { name: /^Trộm cắp tài sản/ }).check();
		await expect.poll(count, { timeout: 10_000 }).toBeLessThan(year);
		const theft = await count();
		expect(theft).toBeGreaterThan(0);
		await page.screenshot({ path: `${ARTIFACTS}/filter-category.png` });
		await page.getByRole('button', { name: 'Bỏ chọn tất cả' }).click();
		await page.getByTestId('category-filter').click();
		await expect.poll(count, { timeout: 10_000 }).toBe(year);

		// A shorter window.
		await page.getByTestId('period-7d').click();
		await expect.poll(count, { timeout: 10_000 }).toBeLessThan(year / 10);
		const week = await count();
		expect(week).toBeGreaterThan(0);
		await page.getByTestId('period-1y').click();
		await expect.poll(count, { timeout: 10_000 }).toBe(year);

		// Only resolved incidents.
		await page.getByTestId('status-filter').selectOption('resolved');
		await expect.poll(count, { timeout: 10_000 }).toBeLessThan(year);
		expect(await count()).toBeGreaterThan(0);
		await page.screenshot({ path: `${ARTIFACTS}/filter-status-points.png` });
		await page.getByTestId('status-filter').selectOption('');
		await expect.poll(count, { timeout: 10_000 }).toBe(year);
	});

	it('counts hexagons by status and up to the time slider', async () => {
		const hexTotal = async () =>
			Number(await page.getByTestId('map').getAttribute('data-hex-total'));
		await page.goto(`${app.url}/?mode=hex&t=1y`);
		await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
		await expect.poll(hexTotal, { timeout: 10_000 }).toBeGreaterThan(1000);
		const all = await hexTotal();
		expect(Number(await page.getByTestId('map').getAttribute('data-incident-count'))).toBe(0);
		const before = await page.screenshot({ path: `${ARTIFACTS}/hex-all.png` });

		await page.getByTestId('status-filter').selectOption('open');
		await expect.poll(hexTotal, { timeout: 10_000 }).toBeLessThan(all);
		const open = await hexTotal();
		expect(open).toBeGreaterThan(0);
		const after = await page.screenshot({ path: `${ARTIFACTS}/hex-open.png` });
		expect(after.equals(before)).toBe(false);
		await page.getByTestId('status-filter').selectOption('');
		await expect.poll(hexTotal, { timeout: 10_000 }).toBe(all);

		// The slider (with its histogram) cuts the hexagons at its cursor: halfway, fewer incidents.
		await page.getByTestId('time-histogram').waitFor();
		await page
			.getByTestId('time-slider')
			.locator('input[type="range"]')
			.evaluate((el) => {
				const input = el as HTMLInputElement;
				input.value = String((Number(input.min) + Number(input.max)) / 2);
				input.dispatchEvent(new Event('input', { bubbles: true }));
			});
		await expect.poll(hexTotal, { timeout: 10_000 }).toBeLessThan(all * 0.75);
		expect(await hexTotal()).toBeGreaterThan(all * 0.25);
		await page.screenshot({ path: `${ARTIFACTS}/hex-slider-half.png` });
		await page.getByTestId('time-slider').getByRole('button', { name: 'Toàn kỳ' }).click();
		await expect.poll(hexTotal, { timeout: 10_000 }).toBe(all);
	});

	it('switches to English and keeps the choice after a reload', async () => {
		await page.getByRole('button', { name: 'EN', exact: true }).click();
		await expect(page.getByTestId('demo-badge').innerText()).resolves.toMatch(/DEMO DATA/);
		await page.reload();
		await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
		await expect(page.getByTestId('demo-badge').innerText()).resolves.toMatch(/DEMO DATA/);
		await page.screenshot({ path: `${ARTIFACTS}/map-en.png` });
	});
});
