import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './server';

/**
 * Issue 9 §3 against the built server on the embedded engine, from one address (127.0.0.1):
 * parallel sign-ins cannot race the limits, and /api/health keeps answering while they run
 * (it took 8 s before).
 */
describe('a burst of sign-ins against the built server (embedded engine)', () => {
	let app: RunningApp;

	beforeAll(async () => {
		app = await startApp({ env: { DEMO_INCIDENTS: '1000' } });
	});
	afterAll(async () => {
		await app?.stop();
		if (app) await rm(app.dataDir, { recursive: true, force: true });
	});

	const signIn = (username: string, password: string) =>
		fetch(`${app.url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username, password })
		});

	/** Sends the sign-ins at once and times /api/health meanwhile. */
	async function burst(attempts: [string, string][]) {
		let done = false;
		const healthMs: number[] = [];
		const probe = (async () => {
			while (!done) {
				const t0 = performance.now();
				const res = await fetch(`${app.url}/api/health`);
				await res.arrayBuffer();
				expect(res.status).toBe(200);
				healthMs.push(performance.now() - t0);
				// 50 probes a second: far more than any monitor, not so many that they are the load.
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		})();
		const statuses = await Promise.all(
			attempts.map(async ([u, p]) => {
				const res = await signIn(u, p);
				await res.arrayBuffer();
				return res.status;
			})
		).finally(() => (done = true));
		await probe;
		const count = (s: number) => statuses.filter((x) => x === s).length;
		return { count, slowestHealth: Math.max(...healthMs), probes: healthMs.length };
	}

	it('40 parallel guesses on one account check at most 5 passwords; then 100 parallel failures from the address leave it at 20 in all; health answers within 500 ms throughout', async () => {
		const guesses = await burst(
			Array.from({ length: 40 }, (_, i): [string, string] => ['commander', `guess-${i}-wrong`])
		);
		const many = await burst(
			Array.from({ length: 100 }, (_, i): [string, string] => [`nobody-${i}`, `wrong-${i}-pass`])
		);
		console.log(
			`[built server] 40 guesses: ${guesses.count(401)}×401 ${guesses.count(429)}×429, slowest health ${guesses.slowestHealth.toFixed(0)} ms; ` +
				`100 failures: ${many.count(401)}×401 ${many.count(429)}×429 ${many.count(503)}×503, slowest health ${many.slowestHealth.toFixed(0)} ms (${many.probes} probes)`
		);
		expect(guesses.count(401)).toBeLessThanOrEqual(5);
		expect(guesses.count(429)).toBeGreaterThanOrEqual(35);
		// The address has at most 20 failures in all, the account's included.
		expect(guesses.count(401) + many.count(401)).toBeLessThanOrEqual(20);
		expect(many.count(429)).toBeGreaterThanOrEqual(80);
		expect(many.count(401) + many.count(429) + many.count(503)).toBe(100);
		expect(guesses.slowestHealth).toBeLessThan(500);
		expect(many.slowestHealth).toBeLessThan(500);
	}, 180_000);
});
