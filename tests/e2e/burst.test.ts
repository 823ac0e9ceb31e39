import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_COLUMNS_MEDIA_TYPE } from '../../src/lib/domain/incident-wire';
import { sessionCookie, startApp, type RunningApp } from './server';

/** The burst of issue 9 §9: every incident since 2000 (the earliest time the API takes), as many as it allows, 30 at once. */
const BURST = 30;
const HEAVY = '/api/incidents?limit=100000&from=2000-01-01';

async function timedFetch(url: string, init?: RequestInit): Promise<[number, Response]> {
	const t0 = performance.now();
	const res = await fetch(url, init);
	await res.arrayBuffer();
	return [performance.now() - t0, res];
}

describe('one commander’s burst on the embedded engine (the built server, the default demo)', () => {
	let app: RunningApp;

	beforeAll(async () => {
		app = await startApp();
	});
	afterAll(async () => {
		await app?.stop();
	});

	it('leaves health under 500 ms and another user’s map under 2 s, and refuses the excess with 429', async () => {
		const commander = await sessionCookie(app, 'commander');
		const dispatcher = await sessionCookie(app, 'dispatcher');
		const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
		const map = () =>
			timedFetch(`${app.url}/api/incidents/columns?from=${from}&limit=100000`, {
				headers: { cookie: dispatcher, accept: INCIDENT_COLUMNS_MEDIA_TYPE }
			});
		// The dispatcher's map is open already (its first, cold query is not the burst's doing).
		await map();
		const [singleMs] = await timedFetch(`${app.url}${HEAVY}`, { headers: { cookie: commander } });

		const burst = Array.from({ length: BURST }, () =>
			timedFetch(`${app.url}${HEAVY}`, { headers: { cookie: commander } })
		);
		await new Promise((r) => setTimeout(r, 100));
		const health: number[] = [];
		for (let i = 0; i < 5; i++) {
			const [ms, res] = await timedFetch(`${app.url}/api/health`);
			expect(res.status).toBe(200);
			health.push(Math.round(ms));
		}
		const [mapMs, mapRes] = await map();
		const answers = await Promise.all(burst);
		const refused = answers.filter(([, r]) => r.status === 429);
		console.log(
			`[burst] one heavy request ${Math.round(singleMs)} ms alone; during the burst: health ` +
				`${health.join(', ')} ms, map ${Math.round(mapMs)} ms; ${refused.length} of ${BURST} refused`
		);

		expect(Math.max(...health)).toBeLessThan(500);
		expect(mapRes.status).toBe(200);
		expect(mapMs).toBeLessThan(2000);
		expect(refused.length).toBeGreaterThan(0);
		for (const [, r] of refused) expect(r.headers.get('retry-after')).toBe('1');
		expect(answers.every(([, r]) => r.status === 200 || r.status === 429)).toBe(true);
	});
});
