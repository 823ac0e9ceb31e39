import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInToMap } from './browser';
import { sessionCookie, startApp, type RunningApp } from './server';

type Position = [number, number];

/**
 * Issue 11 in Chromium: a planner draws a route with terra-draw on /plan, saves it, and sees the
 * coverage numbers and the hour-of-week matrix; a commander then sees the route (its schedule in
 * the tooltip) and a simulated device's position on the live map.
 */
describe('patrol plans from the drawing to the live map', () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;
	const consoleErrors: string[] = [];
	// Along QL10 by the park's main gate, inside the zone.
	const ROUTE: Position[] = [
		[106.5686, 20.8655],
		[106.572, 20.8675],
		[106.5755, 20.8695]
	];
	const DEVICE: Position = [106.5705, 20.8664];

	beforeAll(async () => {
		app = await startApp();
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
		page.on('console', (msg) => {
			if (msg.type() === 'error') consoleErrors.push(msg.text());
		});
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	/** Where `at` is on screen, on the map of `testId`. */
	const screenOf = (at: Position, testId: string) =>
		page.evaluate(
			([p, id]) => {
				const { x, y } = (window as any).__anninhMap.project(p);
				const box = document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
				return { x: box.left + x, y: box.top + y };
			},
			[at, testId] as const
		);

	it('a planner draws a route with terra-draw, saves it, and sees its coverage and the 7 × 24 matrix', async () => {
		await signInToMap(page, app.url, 'planner');
		await page.goto(`${app.url}/plan`);
		await page.locator('[data-testid="plan-map"][data-ready="true"]').waitFor({ timeout: 90_000 });
		// Zoom to the route so the clicks land where meant.
		await page.evaluate(
			(r) => (window as any).__anninhMap.fitBounds([r[0], r[2]], { padding: 120, animate: false }),
			ROUTE
		);
		await page.getByTestId('draw-route').click();
		for (const at of ROUTE) {
			const { x, y } = await screenOf(at, 'plan-map');
			await page.mouse.click(x, y);
			await page.waitForTimeout(150);
		}
		// terra-draw closes a line with a click on its last point.
		const last = await screenOf(ROUTE[2]!, 'plan-map');
		await page.mouse.click(last.x, last.y);
		await expect.poll(() => page.getByTestId('plan-preview').count(), { timeout: 10_000 }).toBe(1);
		await page.getByTestId('plan-name').fill('Tuyến QL10 cổng chính');
		await page.getByTestId('plan-save').click();
		await page.getByTestId('plan-message').waitFor({ timeout: 30_000 });
		const coverage = await page.getByTestId('plan-coverage').innerText({ timeout: 30_000 });
		expect(coverage).toMatch(/Diện tích phủ: [\d.,]+ ha/);
		expect(coverage).toMatch(/Vụ việc trong vùng phủ: \d+ \/ \d+/);
		expect(await page.locator('[data-testid="hour-matrix"] td').count()).toBe(168);
		// Default shift 22:00–06:00 every day: Saturday 23:00 is patrolled, 12:00 is not.
		const planned = await page.locator('[data-testid="hour-matrix"] td.planned').count();
		expect(planned).toBe(7 * 8);
		expect(await page.getByTestId('plan-versions').innerText()).toContain('Phiên bản 1');
	}, 240_000);

	it('a commander sees the route with its schedule and a device’s position on the live map', async () => {
		// The device: a machine token of the zone, posting as patrol unit CA-AP-1.
		const admin = await sessionCookie(app, 'admin');
		const made = await fetch(`${app.url}/api/admin/tokens`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: admin },
			body: JSON.stringify({ name: 'thiết bị tuần tra', role: 'dispatcher', expiresInDays: 1 })
		});
		expect(made.status).toBe(201);
		const { token } = (await made.json()) as { token: string };
		const posted = await fetch(`${app.url}/api/patrol-positions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify([
				{
					unit: 'CA-AP-1',
					ts: new Date(Date.now() - 60_000).toISOString(),
					lon: 106.569,
					lat: 20.8658
				},
				{ unit: 'CA-AP-1', ts: new Date().toISOString(), lon: DEVICE[0], lat: DEVICE[1] }
			])
		});
		expect(posted.status).toBe(202);
		expect(await posted.json()).toMatchObject({ accepted: 2, rejected: [] });

		await page.context().clearCookies();
		await signInToMap(page, app.url, 'commander');
		await page.goto(`${app.url}/?l=patrols,patrolUnits&c=${DEVICE[0]},${DEVICE[1]}&z=16.5&t=1y`);
		await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
		await expect
			.poll(() => page.getByTestId('layer-count-patrolUnits').innerText(), { timeout: 20_000 })
			.toBe('1');

		const hover = async (at: Position) => {
			const { x, y } = await screenOf(at, 'map');
			let jiggle = 0;
			let text = '';
			await expect
				.poll(
					async () => {
						await page.mouse.move(x + (jiggle++ % 2), y);
						const tip = page.locator('.deck-tooltip');
						text = (await tip.isVisible()) ? await tip.innerText() : '';
						return text;
					},
					{ timeout: 20_000, interval: 300 }
				)
				.not.toBe('');
			return text;
		};
		expect(await hover(DEVICE)).toContain('CA-AP-1');
		// The route is on the commanders' map with its plan's schedule, in the tooltip too.
		const routes = (await page.evaluate(async () =>
			(await fetch('/api/patrol-routes')).json()
		)) as { features: { properties: { name: string; schedule: unknown } }[] };
		const ours = routes.features.find((f) => f.properties.name === 'Tuyến QL10 cổng chính');
		expect(ours?.properties.schedule).toEqual([
			{ days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '06:00' }
		]);
		const routeTip = await hover(ROUTE[1]!);
		expect(routeTip).toMatch(/Lịch: .*–/);
		expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
	}, 240_000);
});
