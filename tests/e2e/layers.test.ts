import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pixelsOf, signInToMap } from './browser';
import { startApp, type RunningApp } from './server';

type Position = [number, number];

/**
 * Every layer of the registry (src/lib/map/layers/<name>/) drawn through the one deck.gl overlay:
 * each is shown alone, centred on one of its own objects, and that object must explain itself on
 * hover (the registry routes the pick to the layer's tooltip), or open on click (incidents).
 */
describe('the map layers of the registry, one at a time', () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;
	const consoleErrors: string[] = [];

	beforeAll(async () => {
		app = await startApp();
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		page.on('console', (msg) => {
			if (msg.type() === 'error') consoleErrors.push(msg.text());
		});
		await signInToMap(page, app.url, 'commander');
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	/** GETs an API answer with the page's session. */
	const api = <T>(path: string): Promise<T> =>
		page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<T>;

	/** Opens the map with only `layers` on, centred on `at`, and waits until it has drawn. */
	async function show(layers: string, at: Position, extra = '', zoom = 16.5) {
		await page.goto(`${app.url}/?l=${layers}&c=${at[0]},${at[1]}&z=${zoom}&t=1y${extra}`);
		await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
	}

	/** Where `at` is on screen. */
	const screenOf = (at: Position) =>
		page.evaluate((p) => {
			const { x, y } = (window as any).__anninhMap.project(p);
			const box = document.querySelector('[data-testid="map"]')!.getBoundingClientRect();
			return { x: box.left + x, y: box.top + y };
		}, at);

	/** Hovers `at` (again, one pixel aside, until deck.gl has picked) and reads the tooltip. */
	async function tooltipAt(at: Position): Promise<string> {
		const { x, y } = await screenOf(at);
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
	}

	interface Collection<P> {
		features: { geometry: { type: string; coordinates: unknown }; properties: P }[];
	}

	it('explains a fire-risk site on hover', async () => {
		const sites = await api<Collection<{ facility: string }>>('/api/fire-sites');
		const site = sites.features[0]!;
		const at = site.geometry.coordinates as Position;
		await show('fire', at);
		await page.getByTestId('layer-count-fire').waitFor();
		expect(await tooltipAt(at)).toContain(site.properties.facility);
	});

	it('explains a self-managed team on hover', async () => {
		const teams =
			await api<Collection<{ name: string; labelPoint: { coordinates: Position } | null }>>(
				'/api/teams'
			);
		const team = teams.features.find((f) => f.geometry.type === 'Point') ?? teams.features[0]!;
		const at =
			team.geometry.type === 'Point'
				? (team.geometry.coordinates as Position)
				: team.properties.labelPoint!.coordinates;
		await show('teams', at);
		await page.getByTestId('layer-count-teams').waitFor();
		expect(await tooltipAt(at)).toContain(team.properties.name);
	});

	it('explains a patrol route on hover', async () => {
		const routes = await api<Collection<{ name: string }>>('/api/patrol-routes');
		const route = routes.features.find((f) => f.geometry.type === 'LineString')!;
		const [a, b] = route.geometry.coordinates as Position[];
		const at: Position = [(a![0] + b![0]) / 2, (a![1] + b![1]) / 2];
		await show('patrols', at);
		await page.getByTestId('layer-count-patrols').waitFor();
		expect(await tooltipAt(at)).toContain(route.properties.name);
	});

	it('explains a traffic accident on hover, by its chainage', async () => {
		const from = new Date(Date.now() - 300 * 86_400_000).toISOString();
		const accidents = await api<Collection<{ kmLabel: string | null }>>(
			`/api/accidents?from=${from}`
		);
		const accident = accidents.features.find((f) => f.properties.kmLabel)!;
		const at = accident.geometry.coordinates as Position;
		await show('accidents', at);
		await page.getByTestId('layer-count-accidents').waitFor();
		expect(await tooltipAt(at)).toContain(accident.properties.kmLabel);
	});

	/** The centre of the hexagon with the most incidents of the last 300 days. */
	async function busiestCell(): Promise<Position> {
		const from = new Date(Date.now() - 300 * 86_400_000).toISOString();
		const hexes = await api<Collection<{ count: number }>>(
			`/api/incidents/hexbins?size=250&from=${from}`
		);
		const busiest = hexes.features.reduce((a, b) =>
			b.properties.count > a.properties.count ? b : a
		);
		const ring = (busiest.geometry.coordinates as Position[][])[0]!.slice(0, -1);
		return [
			ring.reduce((s, p) => s + p[0], 0) / ring.length,
			ring.reduce((s, p) => s + p[1], 0) / ring.length
		];
	}

	it('explains an incident hexagon on hover with its count', async () => {
		const at = await busiestCell();
		await show('incidents', at, '&mode=hex');
		expect(await tooltipAt(at)).toMatch(/vụ việc trong ô này/);
	});

	it('explains an incident point on hover and opens it on click', async () => {
		const from = new Date(Date.now() - 300 * 86_400_000).toISOString();
		const incidents = await api<Collection<{ severity: number }>>(
			`/api/incidents?from=${from}&limit=1`
		);
		const incident = incidents.features[0]!;
		const at = incident.geometry.coordinates as Position;
		await show('incidents', at, '&mode=points');
		expect(await tooltipAt(at)).toMatch(/Mức độ/);
		const { x, y } = await screenOf(at);
		await page.mouse.click(x, y);
		await page.getByTestId('incident-panel').waitFor({ timeout: 10_000 });
	});

	it('colours the places with many incidents when the heatmap is on, and not when it is off', async () => {
		await show('heatmap', await busiestCell(), '', 13);
		await page.getByTestId('heat-weighted').waitFor();
		// The map's middle, clear of the panels, every 4 pixels.
		const grid: { x: number; y: number }[] = [];
		for (let x = 340; x < 1020; x += 4) for (let y = 140; y < 780; y += 4) grid.push({ x, y });
		const on = await pixelsOf(page, await page.screenshot(), grid);
		/** How many of those pixels differ from what they were with the heatmap on. */
		const changed = async () =>
			(await pixelsOf(page, await page.screenshot(), grid)).filter(
				(p, i) => Math.hypot(...p.map((v, k) => v - on[i]![k]!)) > 40
			).length;
		expect(await changed()).toBe(0);
		await page.getByTestId('layer-toggle-heatmap').uncheck();
		// The hot spots (dozens of sampled pixels each at this zoom) are gone.
		await expect.poll(changed, { timeout: 10_000 }).toBeGreaterThan(500);
	});

	it('logged no errors in the browser', () => {
		expect(consoleErrors).toEqual([]);
	});
});
