import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasterPmtiles, solidPng } from '../fixtures/pmtiles';
import { launchChromium, pixelsOf, signInToMap } from './browser';
import { cleanEnv, freePort, newDataDir, runToExit, startApp, type RunningApp } from './server';

const ARTIFACTS = 'test-results';
/** The test archive's one tile: a colour no offline layer uses. */
const TILE_RGB: [number, number, number] = [150, 40, 170];

describe('a PMTiles basemap served by the app', () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;
	let dir: string;
	const pmtilesRequests: number[] = [];
	const external: string[] = [];

	beforeAll(async () => {
		await mkdir(ARTIFACTS, { recursive: true });
		dir = await mkdtemp(join(tmpdir(), 'anninh-pmtiles-'));
		const file = join(dir, 'basemap.pmtiles');
		await writeFile(file, rasterPmtiles(solidPng(TILE_RGB)));
		app = await startApp({
			env: {
				DEMO_INCIDENTS: '500',
				BASEMAP_PMTILES: file,
				BASEMAP_ATTRIBUTION: '© Bản đồ nền kiểm thử'
			}
		});
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
		page.on('response', (res) => {
			if (res.url().endsWith('/basemap/tiles.pmtiles')) pmtilesRequests.push(res.status());
		});
		page.on('request', (req) => {
			const url = new URL(req.url());
			if (['http:', 'https:'].includes(url.protocol) && url.hostname !== '127.0.0.1')
				external.push(req.url());
		});
		await signInToMap(page, app.url, 'commander');
		await page.waitForTimeout(1500);
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		if (app) await rm(app.dataDir, { recursive: true, force: true });
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	it('draws the archive under the zone: outside the zone the tile colour shows, not the offline background', async () => {
		const png = await page.screenshot({ path: `${ARTIFACTS}/basemap-pmtiles.png` });
		const at = await page.evaluate(() => {
			const p = (window as any).__anninhMap.project([106.56, 20.898]);
			return { x: Math.round(p.x), y: Math.round(p.y) };
		});
		const rgb = (await pixelsOf(page, png, [at]))[0]!;
		const d = Math.hypot(rgb[0] - TILE_RGB[0], rgb[1] - TILE_RGB[1], rgb[2] - TILE_RGB[2]);
		expect(d).toBeLessThan(30);
		expect(pmtilesRequests.length).toBeGreaterThan(0);
		expect(pmtilesRequests.every((s) => s === 206)).toBe(true);
		expect(external).toEqual([]);
	});

	it('shows the configured attribution', async () => {
		await expect(page.getByText('© Bản đồ nền kiểm thử').count()).resolves.toBeGreaterThan(0);
	});

	it('serves byte ranges to signed-in users only, and adds no origin to the page policy', async () => {
		const ranged = await page.evaluate(async () => {
			const res = await fetch('/basemap/tiles.pmtiles', { headers: { range: 'bytes=0-6' } });
			return {
				status: res.status,
				text: await res.text(),
				range: res.headers.get('content-range')
			};
		});
		expect(ranged).toMatchObject({ status: 206, text: 'PMTiles' });
		expect(ranged.range).toMatch(/^bytes 0-6\/\d+$/);
		const anonymous = await fetch(`${app.url}/basemap/tiles.pmtiles`, { redirect: 'manual' });
		expect(anonymous.status).toBe(303);
		const res = await page.request.get(`${app.url}/`);
		const csp = res.headers()['content-security-policy'] ?? '';
		expect(csp).toMatch(/connect-src 'self'(;|$)/);
	});

	it('refuses to start when the configured file is missing, in one sentence', async () => {
		const res = await runToExit(
			cleanEnv({
				PORT: String(await freePort()),
				DATA_DIR: await newDataDir(),
				BASEMAP_PMTILES: '/nonexistent/basemap.pmtiles'
			})
		);
		expect(res.code).toBe(1);
		expect(res.stderr).toMatch(
			/Cannot start: BASEMAP_PMTILES: cannot read \/nonexistent\/basemap\.pmtiles/
		);
	});
});
