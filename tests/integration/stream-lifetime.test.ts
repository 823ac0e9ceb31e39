import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthConfig } from '../../src/lib/server/auth/config';
import { DEFAULT_LIMITS } from '../../src/lib/server/auth/login';
import { createSession } from '../../src/lib/server/auth/sessions';
import { newTokenValue } from '../../src/lib/server/auth/tokens';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { LiveHub } from '../../src/lib/server/live/hub';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';
import { request, type ApiRequest } from '../fixtures/api';

/** One-minute idle limit: the idle case can be tested in seconds. */
const AUTH: AuthConfig = {
	session: { idleMinutes: 1, absoluteHours: 12 },
	limits: DEFAULT_LIMITS
};
/** A stream must end this soon after its credential stops holding (issue 9 §4). */
const WITHIN_MS = 5000;

type Credential = Pick<ApiRequest, 'session' | 'bearer'>;

/** Opens /api/stream through the hooks; `ended` resolves (with the time) when the server closes it. */
async function openStream(cred: Credential) {
	const controller = new AbortController();
	const res = await request('/api/stream', { ...cred, signal: controller.signal });
	expect(res.status).toBe(200);
	const reader = res.body!.getReader();
	let text = '';
	const ended = (async () => {
		const decoder = new TextDecoder();
		for (;;) {
			const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
			if (done) return Date.now();
			text += decoder.decode(value, { stream: true });
		}
	})();
	return {
		text: () => text,
		/** Resolves true when the stream ended within `ms`, false otherwise. */
		endsWithin: (ms: number) =>
			Promise.race([
				ended.then(() => true),
				new Promise<boolean>((r) => setTimeout(() => r(false), ms))
			]),
		close: async () => {
			controller.abort();
			await reader.cancel().catch(() => {});
			await ended;
		}
	};
}

/** The status a reconnect with the same credential gets (its body, if any, is discarded). */
async function reconnectStatus(cred: Credential): Promise<number> {
	const controller = new AbortController();
	const res = await request('/api/stream', { ...cred, signal: controller.signal });
	controller.abort();
	await res.body?.cancel().catch(() => {});
	return res.status;
}

for (const engine of ENGINES) {
	describe(`open event streams end with their credential on ${engine}`, () => {
		let db: Db;
		let hub: LiveHub;
		let zoneId: string;

		const userId = async (username: string) => {
			const [row] = await db.query<{ id: string }>(`select id from app_users where username = $1`, [
				username
			]);
			return row!.id;
		};
		const newSession = async (username: string) =>
			(
				await createSession(db, await userId(username), AUTH.session, {
					ip: '198.51.100.90',
					userAgent: 'vitest'
				})
			).token;
		/** Opens a stream, runs `change`, and checks that the stream ends and a reconnect is refused. */
		async function expectEnds(cred: Credential, change: () => Promise<unknown>) {
			const s = await openStream(cred);
			try {
				expect(await s.endsWithin(300)).toBe(false);
				const t0 = Date.now();
				await change();
				expect(await s.endsWithin(WITHIN_MS)).toBe(true);
				expect(Date.now() - t0).toBeLessThan(WITHIN_MS);
				expect(await reconnectStatus(cred)).toBe(401);
			} finally {
				await s.close();
			}
		}
		const patch = async (username: string, body: unknown) => {
			const res = await request(`/api/admin/users/${await userId(username)}`, {
				method: 'PATCH',
				// A fresh administrator's session: the one-minute idle limit applies to it too.
				session: await newSession('admin'),
				body
			});
			expect(res.status).toBe(200);
		};

		beforeAll(async () => {
			db = await openTestDb(engine);
			// A long backstop period: these streams must end through the announcements and timers.
			hub = new LiveHub(db, { session: AUTH.session, recheckMs: 600_000 });
			await hub.start();
			setDatabase({ db, postgisVersion: 'test', auth: AUTH, live: hub });
			zoneId = await demoZoneId(db);
		});
		afterAll(async () => {
			setDatabase(undefined);
			await hub?.stop();
			await db?.close();
		});

		it('ends a stream within 5 s of its session logging out, and refuses the old cookie', async () => {
			const session = await newSession('commander');
			await expectEnds({ session }, async () => {
				const res = await request('/api/auth/logout', { method: 'POST', session });
				expect(res.status).toBe(200);
			});
		});

		it('ends a stream within 5 s of its API token being revoked, and refuses the token', async () => {
			const token = newTokenValue();
			const [row] = await db.query<{ id: string }>(
				`insert into api_tokens (name, token_hash, prefix, role, zone_id)
				values ('stream test', $1, $2, 'commander', $3) returning id`,
				[token.hash, token.prefix, zoneId]
			);
			await expectEnds({ bearer: token.value }, async () => {
				const res = await request(`/api/admin/tokens/${row!.id}/revoke`, {
					method: 'POST',
					session: await newSession('admin')
				});
				expect(res.status).toBe(200);
			});
		});

		it('ends a stream within 5 s of its user being deactivated', async () => {
			const session = await newSession('dispatcher');
			await expectEnds({ session }, () => patch('dispatcher', { isActive: false }));
		});

		it('ends a stream within 5 s of its user changing role', async () => {
			const session = await newSession('planner');
			await expectEnds({ session }, () => patch('planner', { role: 'commander' }));
		});

		it('ends a stream within 5 s of its user changing scope', async () => {
			const session = await newSession('liaison');
			await expectEnds({ session }, () => patch('liaison', { units: ['11593'] }));
		});

		it('ends a stream when its session reaches its absolute expiry, and refuses the cookie', async () => {
			const session = await newSession('commander');
			await db.query(
				`update sessions set expires_at = now() + interval '1.5 seconds'
				where user_id = (select id from app_users where username = 'commander')
					and expires_at > now() + interval '1 hour'`
			);
			// Nothing is announced at expiry: the stream's own timer ends it.
			await expectEnds({ session }, async () => {});
		});

		it('ends a stream when its session reaches its idle limit: an open stream is not activity', async () => {
			const session = await newSession('board');
			// Seen 58 s ago with a 1-minute idle limit: idle in 2 s unless a request comes.
			await db.query(
				`update sessions set last_seen_at = now() - interval '58 seconds'
				where user_id = (select id from app_users where username = 'board')`
			);
			await expectEnds({ session }, async () => {});
		});

		it('ends the stream of an administrator whose own scope changes, though their session stays', async () => {
			const session = await newSession('admin');
			const s = await openStream({ session });
			try {
				expect(await s.endsWithin(300)).toBe(false);
				// The admin gives themselves a unit: their session survives (the admin service keeps
				// the caller's own), but the stream was authorised for the old scope.
				const res = await request(`/api/admin/users/${await userId('admin')}`, {
					method: 'PATCH',
					session,
					body: { units: ['11581'] }
				});
				expect(res.status).toBe(200);
				expect(await s.endsWithin(WITHIN_MS)).toBe(true);
				expect(await reconnectStatus({ session })).toBe(200);
			} finally {
				await s.close();
			}
		});

		it('ends a stream whose announcement was lost, at the next periodic re-check', async () => {
			const backstop = new LiveHub(db, { session: AUTH.session, recheckMs: 500 });
			await backstop.start();
			setDatabase({ db, postgisVersion: 'test', auth: AUTH, live: backstop });
			const session = await newSession('commander');
			const s = await openStream({ session });
			try {
				await db.exec('alter table sessions disable trigger sessions_auth_change');
				await db.query(`update sessions set revoked_at = now() where revoked_at is null
					and user_id = (select id from app_users where username = 'commander')`);
				expect(await s.endsWithin(WITHIN_MS)).toBe(true);
			} finally {
				await db.exec('alter table sessions enable trigger sessions_auth_change');
				await s.close();
				setDatabase({ db, postgisVersion: 'test', auth: AUTH, live: hub });
				await backstop.stop();
			}
		});
	});
}
