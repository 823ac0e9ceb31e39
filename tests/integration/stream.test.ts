import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { LiveHub } from '../../src/lib/server/live/hub';
import { request } from '../fixtures/api';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';

interface SseEvent {
	id?: string;
	event?: string;
	data?: string;
}

/** Opens the stream as a demo account and collects parsed events as they arrive. */
async function openStream(as: string, lastEventId?: string) {
	const controller = new AbortController();
	const res = await request('/api/stream', {
		as,
		signal: controller.signal,
		headers: lastEventId ? { 'last-event-id': lastEventId } : {}
	});
	expect(res.headers.get('content-type')).toContain('text/event-stream');
	const reader = res.body!.getReader();
	const events: SseEvent[] = [];
	let lastId: string | undefined;
	let text = '';
	const pump = (async () => {
		const decoder = new TextDecoder();
		for (;;) {
			const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
			if (done) return;
			text += decoder.decode(value, { stream: true });
			let cut;
			while ((cut = text.indexOf('\n\n')) >= 0) {
				const block = text.slice(0, cut);
				text = text.slice(cut + 2);
				const ev: SseEvent = {};
				for (const line of block.split('\n')) {
					const [k, ...rest] = line.split(': ');
					const v = rest.join(': ');
					if (k === 'id') ev.id = lastId = v;
					if (k === 'event') ev.event = v;
					if (k === 'data') ev.data = v;
				}
				if (ev.event) events.push(ev);
			}
		}
	})();
	return {
		events,
		lastId: () => lastId,
		async waitFor(pred: (e: SseEvent) => boolean, ms = 2000) {
			const deadline = Date.now() + ms;
			while (Date.now() < deadline) {
				const hit = events.find(pred);
				if (hit) return hit;
				await new Promise((r) => setTimeout(r, 20));
			}
			return undefined;
		},
		async close() {
			controller.abort();
			await reader.cancel().catch(() => {});
			await pump;
		}
	};
}

for (const engine of ENGINES) {
	describe(`live stream on ${engine}`, () => {
		let db: Db;
		let hub: LiveHub;
		let zoneId: string;
		const insert = async (lon: number, lat: number) => {
			const [row] = await db.query<{ id: number }>(
				`insert into incidents (zone_id, category, occurred_at, reported_at, geom)
				values ($1, 'theft', now(), now(), st_setsrid(st_makepoint($2, $3), 4326)) returning id`,
				[zoneId, lon, lat]
			);
			return row!.id;
		};

		beforeAll(async () => {
			db = await openTestDb(engine);
			hub = new LiveHub(db);
			await hub.start();
			setDatabase({ db, postgisVersion: 'test', live: hub });
			zoneId = await demoZoneId(db);
		});
		afterAll(async () => {
			setDatabase(undefined);
			await hub?.stop();
			await db?.close();
		});

		it('delivers a new incident to a commander within a second, with an SSE id', async () => {
			const s = await openStream('commander');
			try {
				await new Promise((r) => setTimeout(r, 100));
				// Timed from the commit: the insert itself is not the stream's time.
				const id = await insert(106.562, 20.866);
				const t0 = Date.now();
				const ev = await s.waitFor(
					(e) => e.event === 'incident' && JSON.parse(e.data!).id === id,
					1000
				);
				expect(ev).toBeDefined();
				expect(Date.now() - t0).toBeLessThan(1000);
				expect(JSON.parse(ev!.data!)).toEqual({ id, op: 'insert' });
				expect(Number(ev!.id)).toBeGreaterThan(0);
			} finally {
				await s.close();
			}
		});

		it('replays what was missed after a dropped connection (Last-Event-ID)', async () => {
			const first = await openStream('dispatcher');
			await new Promise((r) => setTimeout(r, 100));
			const a = await insert(106.563, 20.867);
			await first.waitFor((e) => e.event === 'incident' && JSON.parse(e.data!).id === a);
			const resumeFrom = first.lastId()!;
			await first.close();
			// Changes while disconnected.
			const b = await insert(106.564, 20.868);
			await db.query(`update incidents set status = 'handling' where id = $1`, [a]);
			const again = await openStream('dispatcher', resumeFrom);
			try {
				const got = await again.waitFor(
					(e) => e.event === 'incident' && JSON.parse(e.data!).op === 'update'
				);
				expect(got).toBeDefined();
				const seen = again.events
					.filter((e) => e.event === 'incident')
					.map((e) => JSON.parse(e.data!));
				expect(seen).toEqual([
					{ id: b, op: 'insert' },
					{ id: a, op: 'update' }
				]);
			} finally {
				await again.close();
			}
		});

		it('never tells the board about incident rows, nor a liaison about incidents outside their unit', async () => {
			const board = await openStream('board');
			const liaison = await openStream('liaison');
			try {
				await new Promise((r) => setTimeout(r, 100));
				const outside = await insert(106.562, 20.866); // in phường An Phong
				const inside = await insert(106.597, 20.861); // in phường An Hải
				expect(
					await liaison.waitFor((e) => e.event === 'incident' && JSON.parse(e.data!).id === inside)
				).toBeDefined();
				await new Promise((r) => setTimeout(r, 200));
				expect(liaison.events.some((e) => JSON.parse(e.data ?? '{}').id === outside)).toBe(false);
				expect(board.events.filter((e) => e.event === 'incident')).toEqual([]);
			} finally {
				await board.close();
				await liaison.close();
			}
		});

		it('tells the board only that the tip count changed, never which tip', async () => {
			const board = await openStream('board');
			const dispatcher = await openStream('dispatcher');
			try {
				await new Promise((r) => setTimeout(r, 100));
				const [row] = await db.query<{ id: number }>(
					`select app.submit_tip($1, 'theft', 'Mất xe máy trước cổng KCN', now(), 106.58, 20.87, null, $2) as id`,
					[zoneId, 'f'.repeat(64)]
				);
				const id = Number(row!.id);
				const seen = await dispatcher.waitFor(
					(e) => e.event === 'tip' && JSON.parse(e.data!).id === id
				);
				expect(JSON.parse(seen!.data!)).toEqual({ id, op: 'insert' });
				const told = await board.waitFor((e) => e.event === 'tip');
				expect(told).toBeDefined();
				expect(JSON.parse(told!.data!)).toEqual({});
				expect(board.events.some((e) => e.data?.includes(String(id)))).toBe(false);
			} finally {
				await board.close();
				await dispatcher.close();
			}
		});

		it('stops delivering to a closed stream', async () => {
			const s = await openStream('commander');
			const before = hub.size;
			await s.close();
			await new Promise((r) => setTimeout(r, 50));
			expect(hub.size).toBe(before - 1);
		});
	});
}
