/**
 * Live fan-out benchmark: N concurrent /api/stream clients on loopback against the built server;
 * a dispatcher creates incidents through the API; we measure, per client, the time from the
 * POST's response to the event's arrival. Prints p50/p95/max and writes JSON. Not a timed test.
 *
 *   npm run build && npx tsx tests/bench/stream.bench.ts [--clients 200] [--events 20] [--mixed]
 *
 * The clients are one commander's streams, or with `--mixed` the streams of four roles that read
 * incidents (admin, commander, dispatcher, planner) in turn: the hub asks the database once per
 * batch and group of subscribers with the same role and scope, so this measures four groups.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { newDataDir, startApp } from '../e2e/server';
import { percentile } from './stats';

const { values } = parseArgs({
	options: {
		clients: { type: 'string', default: '200' },
		events: { type: 'string', default: '20' },
		mixed: { type: 'boolean', default: false },
		out: { type: 'string' }
	}
});
const CLIENTS = Number(values.clients);
const EVENTS = Number(values.events);
if (!Number.isInteger(CLIENTS) || CLIENTS < 1 || CLIENTS > 2000)
	throw new Error('--clients must be 1–2000');
if (!Number.isInteger(EVENTS) || EVENTS < 1 || EVENTS > 1000)
	throw new Error('--events must be 1–1000');
if (!existsSync('build/index.js')) throw new Error('run `npm run build` first');

async function login(url: string, username: string): Promise<string> {
	const res = await fetch(`${url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: 'demo' })
	});
	if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
	return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function main() {
	const dataDir = await newDataDir();
	console.log(`starting the built server on a fresh data directory (${dataDir}) …`);
	const app = await startApp({ dataDir, env: { DEMO_INCIDENTS: '2000' } });
	try {
		const viewers: string[] = [];
		for (const role of values.mixed
			? ['admin', 'commander', 'dispatcher', 'planner']
			: ['commander'])
			viewers.push(await login(app.url, role));
		const dispatcher = await login(app.url, 'dispatcher');
		// arrival[clientIndex] = Map<incidentId, time>
		const arrivals: Map<number, number>[] = [];
		const aborts: AbortController[] = [];
		let connected = 0;
		await Promise.all(
			Array.from({ length: CLIENTS }, async (_, i) => {
				const ac = new AbortController();
				aborts.push(ac);
				const got = new Map<number, number>();
				arrivals[i] = got;
				const res = await fetch(`${app.url}/api/stream`, {
					headers: { cookie: viewers[i % viewers.length]! },
					signal: ac.signal
				});
				if (!res.ok || !res.body) throw new Error(`stream ${i}: ${res.status}`);
				connected++;
				const reader = res.body.getReader();
				const decoder = new TextDecoder();
				let buf = '';
				void (async () => {
					for (;;) {
						const { done, value } = await reader
							.read()
							.catch(() => ({ done: true, value: undefined }));
						if (done) return;
						const now = performance.now();
						buf += decoder.decode(value, { stream: true });
						let cut;
						while ((cut = buf.indexOf('\n\n')) >= 0) {
							const block = buf.slice(0, cut);
							buf = buf.slice(cut + 2);
							if (!block.includes('event: incident')) continue;
							const data = /data: (.*)/.exec(block)?.[1];
							if (data) got.set((JSON.parse(data) as { id: number }).id, now);
						}
					}
				})();
			})
		);
		console.log(`${connected} stream clients connected; creating ${EVENTS} incidents …`);
		const latencies: number[] = [];
		let missing = 0;
		/** Clients that never got each event (by order of creation): where losses happen. */
		const missingByEvent: number[] = [];
		for (let e = 0; e < EVENTS; e++) {
			const res = await fetch(`${app.url}/api/incidents`, {
				method: 'POST',
				headers: { cookie: dispatcher, 'content-type': 'application/json' },
				body: JSON.stringify({
					category: 'theft',
					occurredAt: new Date().toISOString(),
					lon: 106.562,
					lat: 20.866
				})
			});
			const committed = performance.now();
			if (res.status !== 201) throw new Error(`POST /api/incidents: ${res.status}`);
			const id = ((await res.json()) as { id: number }).id;
			const deadline = committed + 5000;
			while (arrivals.some((m) => !m.has(id)) && performance.now() < deadline)
				await new Promise((r) => setTimeout(r, 5));
			missingByEvent.push(0);
			for (const m of arrivals) {
				const t = m.get(id);
				if (t === undefined) {
					missing++;
					missingByEvent[e]!++;
				} else latencies.push(Math.max(0, t - committed));
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		for (const ac of aborts) ac.abort();
		latencies.sort((a, b) => a - b);
		const result = {
			at: new Date().toISOString(),
			clients: CLIENTS,
			audiences: viewers.length,
			events: EVENTS,
			deliveries: latencies.length,
			missing,
			missingByEvent,
			p50Ms: percentile(latencies, 50),
			p95Ms: percentile(latencies, 95),
			maxMs: latencies[latencies.length - 1] ?? null,
			target: { p95Ms: 500, met: percentile(latencies, 95) <= 500 },
			note: 'insert (POST /api/incidents response) to arrival at each SSE client, loopback, embedded PGlite'
		};
		console.log(
			`\nlive fan-out: ${CLIENTS} clients (${viewers.length} role(s)) × ${EVENTS} incidents = ${latencies.length} deliveries (${missing} missing)\n` +
				`insert-to-delivery p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, max ${result.maxMs?.toFixed(1)} ms ` +
				`(target p95 ≤ 500 ms ${result.target.met ? '✓' : '✗'})`
		);
		await mkdir('bench-results', { recursive: true });
		const out = values.out ?? `bench-results/stream-${result.at.replace(/[:.]/g, '-')}.json`;
		await writeFile(out, JSON.stringify(result, null, 2));
		console.log(`results: ${out}`);
	} finally {
		await app.stop();
		await rm(dataDir, { recursive: true, force: true });
	}
}

main().catch((err) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
