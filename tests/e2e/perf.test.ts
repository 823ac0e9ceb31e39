import { mkdir, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, submitLogin } from './browser';
import { startApp, type RunningApp } from './server';

const ARTIFACTS = 'test-results';
const INCIDENTS = 100_000;
/** The budget: no main-thread task over this while panning, after the first load. */
const LONG_TASK_BUDGET_MS = 200;

// A benchmark more than a check: it seeds 100,000 incidents (a minute) and pans in software WebGL
// (minutes), and its figures depend on the machine's load. Run it with E2E_PERF=1 (.ci/run does)
// (`npm run test:e2e:perf`); the budget stays the 200 ms.
describe.runIf(process.env.E2E_PERF === '1')('panning over 100,000 rendered incidents', () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		await mkdir(ARTIFACTS, { recursive: true });
		// A new data directory seeded with 100,000 demo incidents (2023 → today).
		app = await startApp({ env: { DEMO_INCIDENTS: String(INCIDENTS) } });
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
		await page.goto(`${app.url}/login`);
		await submitLogin(page, 'commander');
		await page.waitForURL(`${app.url}/`);
	}, 600_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		if (app) await rm(app.dataDir, { recursive: true, force: true });
	});

	it('has no main-thread task over 200 ms after the first load', async () => {
		const t0 = Date.now();
		const stage = (what: string) =>
			console.log(`[perf] ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
		page.on('console', (msg) => {
			if (msg.type() === 'error') console.log(`[perf] browser error: ${msg.text()}`);
		});
		const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
		// Every incident of the demo, as points, at a street-level zoom over the park.
		await page.goto(`${app.url}/?from=2023-01-01&to=${today}&mode=points&c=106.565,20.868&z=14`);
		await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 120_000 });
		stage('map ready');
		const drawn = Number(await page.getByTestId('map').getAttribute('data-incident-count'));
		expect(drawn).toBe(INCIDENTS);
		// Let the first load's work (parsing, building deck.gl's attributes) finish.
		await page.waitForTimeout(2000);

		await page.evaluate(() => {
			const w = window as unknown as { __longTasks: number[]; __frames: number };
			w.__longTasks = [];
			w.__frames = 0;
			new PerformanceObserver((list) => {
				for (const e of list.getEntries()) w.__longTasks.push(e.duration);
			}).observe({ type: 'longtask' });
			// Frames the page got while panning (software WebGL makes them slow, not long tasks:
			// the drawing happens in the GPU process).
			requestAnimationFrame(function count() {
				w.__frames++;
				requestAnimationFrame(count);
			});
		});

		const box = (await page.getByTestId('map').boundingBox())!;
		const cx = box.x + box.width / 2;
		const cy = box.y + box.height / 2;
		const started = Date.now();
		let frames = 0;
		stage('panning');
		// Four drags back and forth across the map, 8 mouse moves each (Chromium delivers mouse
		// moves once per frame, and software WebGL draws 100,000 points in seconds, not ms).
		for (let i = 0; i < 4; i++) {
			const dx = (i % 2 === 0 ? 1 : -1) * 300;
			const dy = (i % 3 === 0 ? 1 : -1) * 120;
			await page.mouse.move(cx, cy);
			await page.mouse.down();
			for (let s = 1; s <= 8; s++) {
				await page.mouse.move(cx + (dx * s) / 8, cy + (dy * s) / 8);
				frames++;
			}
			await page.mouse.up();
			stage(`drag ${i + 1} done`);
		}
		// Wait for the last moves to render and for moveend's work (URL, camera) to run.
		await page.waitForTimeout(1500);
		const { tasks, framesSeen } = await page.evaluate(() => {
			const w = window as unknown as { __longTasks: number[]; __frames: number };
			return { tasks: w.__longTasks, framesSeen: w.__frames };
		});
		const max = tasks.length > 0 ? Math.max(...tasks) : 0;
		const total = tasks.reduce((s, t) => s + t, 0);
		console.log(
			`[perf] ${drawn} points drawn; ${frames} pointer moves, ${framesSeen} frames in ${Date.now() - started} ms; ` +
				`long tasks (>50 ms): ${tasks.length}, max ${max.toFixed(0)} ms, total ${total.toFixed(0)} ms; ` +
				`all: [${tasks.map((t) => t.toFixed(0)).join(', ')}]`
		);
		await page.screenshot({ path: `${ARTIFACTS}/perf-100k-after-pan.png` });
		expect(max).toBeLessThanOrEqual(LONG_TASK_BUDGET_MS);
	}, 900_000);
});
