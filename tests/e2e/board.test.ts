import { mkdir, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInToMap } from './browser';
import { startApp, type RunningApp } from './server';

const ARTIFACTS = 'test-results';

/** A count as the board may see it: "< 3", or a number of at least 3 (1.234 in Vietnamese). */
function expectProtected(text: string): void {
	const t = text.trim();
	if (t === '< 3') return;
	expect(t).toMatch(/^\d{1,3}(\.\d{3})*$/);
	expect(Number(t.replace(/\./g, ''))).toBeGreaterThanOrEqual(3);
}

describe('the steering board sees its counts under the disclosure rule', () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;
	/** The last hexagons the map loaded. */
	let hexbins: any = null;

	beforeAll(async () => {
		await mkdir(ARTIFACTS, { recursive: true });
		app = await startApp();
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
		page.on('response', async (res) => {
			if (new URL(res.url()).pathname === '/api/incidents/hexbins' && res.ok()) {
				hexbins = await res.json().catch(() => hexbins);
			}
		});
		await signInToMap(page, app.url, 'board');
		await page.getByTestId('time-window-used').waitFor({ timeout: 60_000 });
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		if (app) await rm(app.dataDir, { recursive: true, force: true });
	});

	it('shows every incident figure as "< 3" or at least 3, and the whole days it counted', async () => {
		await page.getByTestId('sit-protected').waitFor();
		for (const id of ['sit-today', 'sit-last7', 'sit-open']) {
			expectProtected(await page.getByTestId(id).innerText());
		}
		expectProtected(await page.getByTestId('layer-count-incidents').innerText());
		expect(await page.getByTestId('time-window-used').innerText()).toMatch(
			/^Số liệu theo ngày trọn vẹn \(giờ Việt Nam\): \d{2}\/\d{2}\/\d{4} – \d{2}\/\d{2}\/\d{4}$/
		);
		expect(await page.getByTestId('window-used').innerText()).toMatch(/ngày trọn vẹn/);
		await page.screenshot({ path: `${ARTIFACTS}/map-board.png` });
	});

	it('says "< 3" in the tooltip of a suppressed hexagon', async () => {
		const cell = hexbins?.features.find((f: any) => f.properties.suppressed);
		expect(cell).toBeTruthy();
		const ring: [number, number][] = cell.geometry.coordinates[0].slice(0, 6);
		const centre = [ring.reduce((s, p) => s + p[0], 0) / 6, ring.reduce((s, p) => s + p[1], 0) / 6];
		// Moving the map keeps its zoom, so the hexagons on screen stay those loaded.
		await page.evaluate((c) => (window as any).__anninhMap.jumpTo({ center: c }), centre);
		const box = (await page.getByTestId('map').boundingBox())!;
		const deadline = Date.now() + 30_000;
		let tip = '';
		while (Date.now() < deadline && !tip.includes('< 3')) {
			await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
			await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
			tip =
				(await page
					.locator('.deck-tooltip')
					.innerText()
					.catch(() => '')) ?? '';
		}
		expect(tip).toContain('< 3 vụ việc trong ô này');
	});

	it('refuses the board hexagons smaller than 200 m, naming size', async () => {
		const res = await page.evaluate(async () => {
			const r = await fetch('/api/incidents/hexbins?size=25');
			return { status: r.status, body: await r.json() };
		});
		expect(res.status).toBe(400);
		expect(res.body.field).toBe('size');
	});
});
