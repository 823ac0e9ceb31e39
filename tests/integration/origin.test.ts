import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/lib/server/auth/sessions';
import { newTokenValue } from '../../src/lib/server/auth/tokens';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { DEMO_TEST_PASSWORD } from '../fixtures/constants';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';
import { CONTRACTS } from '../../src/lib/server/contracts';
import { request } from '../fixtures/api';

/** The app's origin in these requests (the request URL's), and a page on another port of it. */
const APP = 'http://127.0.0.1:3000';
const OTHER_PORT = 'http://127.0.0.1:4444';

/** What browsers send with a request from a page elsewhere, each way they say it. */
const FOREIGN: Record<string, Record<string, string>> = {
	'an Origin on another port': { origin: OTHER_PORT, 'sec-fetch-site': 'same-site' },
	'an Origin on another site': { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
	'an opaque Origin (null)': { origin: 'null' },
	'Sec-Fetch-Site: same-site alone': { 'sec-fetch-site': 'same-site' },
	'Sec-Fetch-Site: cross-site alone': { 'sec-fetch-site': 'cross-site' }
};

for (const engine of ENGINES) {
	describe(`the origin rule on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let n = 0;

		const userId = async (username: string) =>
			(
				await db.query<{ id: string }>(`select id from app_users where username = $1`, [username])
			)[0]!.id;
		const session = async (username: string) =>
			(
				await createSession(
					db,
					await userId(username),
					{ idleMinutes: 60, absoluteHours: 1 },
					{
						ip: '198.51.100.7',
						userAgent: 'vitest'
					}
				)
			).token;
		const newTip = async () => {
			const [row] = await db.query<{ id: number }>(
				`select app.submit_tip($1, 'theft', 'Mất xe đạp ở chợ', now(), 106.58, 20.87, null, $2) as id`,
				[zoneId, (++n).toString(16).padStart(64, '0')]
			);
			return Number(row!.id);
		};
		const tipStatus = async (id: number) =>
			(await db.query<{ status: string }>(`select status from tips where id = $1`, [id]))[0]!
				.status;
		const sessionLive = async (token: string) =>
			(await request('/api/auth/me', { session: token, origin: APP })).json();

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			zoneId = await demoZoneId(db);
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('refuses every state-changing endpoint from another site, even to an administrator, and writes nothing', async () => {
			const writes = CONTRACTS.filter((c) => c.contract.method !== 'GET');
			expect(writes.length).toBeGreaterThan(20);
			const token = await session('admin');
			const audited = async () =>
				(await db.query<{ n: number }>(`select count(*)::int as n from audit_log`))[0]!.n;
			const before = await audited();
			for (const { key, contract } of writes) {
				const res = await request(contract.path.replace(/\{\w+\}/g, '1'), {
					method: contract.method,
					session: token,
					body: {},
					headers: FOREIGN['an Origin on another site'],
					origin: APP
				});
				expect(res.status, key).toBe(403);
			}
			expect(await audited()).toBe(before);
		});

		for (const [how, headers] of Object.entries(FOREIGN)) {
			it(`refuses a dispatcher's cookie-borne tip verification sent with ${how}`, async () => {
				const id = await newTip();
				const res = await request(`/api/tips/${id}/verify`, {
					method: 'POST',
					session: await session('dispatcher'),
					headers,
					origin: APP
				});
				expect(res.status).toBe(403);
				expect((await res.json()).error).toMatch(/không được phép: yêu cầu thay đổi dữ liệu/);
				expect(await tipStatus(id)).toBe('received');
			});
		}

		it('refuses it whatever the body and content type, and says why in English too', async () => {
			const dispatcher = await session('dispatcher');
			for (const [body, type] of [
				['{}', 'application/json'],
				['x=1', 'application/x-www-form-urlencoded'],
				['hello', 'text/plain'],
				['{}', 'application/octet-stream']
			]) {
				const id = await newTip();
				const res = await request(`/api/tips/${id}/verify?lang=en`, {
					method: 'POST',
					session: dispatcher,
					headers: { 'content-type': type!, origin: OTHER_PORT },
					body,
					origin: APP
				});
				expect(res.status).toBe(403);
				expect((await res.json()).error).toBe(
					'forbidden: a request that changes data must come from this application’s own pages, not from another site, origin or port'
				);
				expect(await tipStatus(id)).toBe('received');
			}
		});

		it('refuses a foreign convert, token revocation and logout, and changes nothing', async () => {
			const id = await newTip();
			const res = await request(`/api/tips/${id}/convert`, {
				session: await session('dispatcher'),
				body: { category: 'theft', severity: 2 },
				headers: { origin: OTHER_PORT },
				origin: APP
			});
			expect(res.status).toBe(403);
			expect(await tipStatus(id)).toBe('received');

			const token = newTokenValue();
			const [t] = await db.query<{ id: string }>(
				`insert into api_tokens (name, token_hash, prefix, role, zone_id)
				values ('origin test', $1, $2, 'planner', $3) returning id`,
				[token.hash, token.prefix, zoneId]
			);
			const revoke = await request(`/api/admin/tokens/${t!.id}/revoke`, {
				method: 'POST',
				session: await session('admin'),
				headers: { 'sec-fetch-site': 'same-site' },
				origin: APP
			});
			expect(revoke.status).toBe(403);
			const [row] = await db.query<{ revoked_at: Date | null }>(
				`select revoked_at from api_tokens where id = $1`,
				[t!.id]
			);
			expect(row!.revoked_at).toBeNull();

			const commander = await session('commander');
			const out = await request('/api/auth/logout', {
				method: 'POST',
				session: commander,
				headers: { origin: OTHER_PORT },
				origin: APP
			});
			expect(out.status).toBe(403);
			expect(await sessionLive(commander)).toMatchObject({ role: 'commander' });
		});

		it('refuses a login and an anonymous tip sent from another origin', async () => {
			const res = await request('/api/auth/login', {
				body: { username: 'dispatcher', password: DEMO_TEST_PASSWORD },
				headers: { origin: OTHER_PORT, 'sec-fetch-site': 'same-site' },
				origin: APP
			});
			expect(res.status).toBe(403);
			expect(res.headers.get('set-cookie')).toBeNull();

			const [before] = await db.query<{ n: number }>(`select count(*)::int as n from tips`);
			const tip = await request('/api/tips', {
				body: { description: 'Có người lạ đột nhập kho hàng', location: null },
				headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
				origin: APP
			});
			expect(tip.status).toBe(403);
			const [after] = await db.query<{ n: number }>(`select count(*)::int as n from tips`);
			expect(after!.n).toBe(before!.n);
		});

		it('lets the same request through from the app’s own pages and from clients that send neither header', async () => {
			const dispatcher = await session('dispatcher');
			const ways: Record<string, string>[] = [
				{ origin: APP, 'sec-fetch-site': 'same-origin' },
				{ 'sec-fetch-site': 'same-origin' },
				{ origin: APP },
				{}
			];
			for (const headers of ways) {
				const id = await newTip();
				const res = await request(`/api/tips/${id}/verify`, {
					method: 'POST',
					session: dispatcher,
					headers,
					origin: APP
				});
				expect(res.status).toBe(200);
				expect(await tipStatus(id)).toBe('verifying');
			}
		});

		it('compares the Origin exactly, scheme included, with ORIGIN when it is set', async () => {
			const PUBLIC = 'https://anninh.example.vn';
			setDatabase({ db, postgisVersion: 'test', requests: { origin: PUBLIC, maxInFlight: 16 } });
			try {
				const dispatcher = await session('dispatcher');
				const send = async (origin: string) => {
					const id = await newTip();
					const res = await request(`/api/tips/${id}/verify`, {
						method: 'POST',
						session: dispatcher,
						headers: { origin },
						origin: PUBLIC
					});
					return [res.status, await tipStatus(id)];
				};
				expect(await send('http://anninh.example.vn')).toEqual([403, 'received']);
				expect(await send('https://anninh.example.vn:8443')).toEqual([403, 'received']);
				expect(await send(PUBLIC)).toEqual([200, 'verifying']);
			} finally {
				setDatabase({ db, postgisVersion: 'test' });
			}
		});

		it('lets a bearer-token request through whatever its Origin', async () => {
			const token = newTokenValue();
			await db.query(
				`insert into api_tokens (name, token_hash, prefix, role, zone_id)
				values ('origin bearer', $1, $2, 'dispatcher', $3)`,
				[token.hash, token.prefix, zoneId]
			);
			const id = await newTip();
			const res = await request(`/api/tips/${id}/verify`, {
				method: 'POST',
				bearer: token.value,
				headers: { origin: OTHER_PORT, 'sec-fetch-site': 'cross-site' },
				origin: APP
			});
			expect(res.status).toBe(200);
			expect(await tipStatus(id)).toBe('verifying');
		});

		it('leaves reads alone: a GET from another origin is answered (CORS keeps it from the page)', async () => {
			const res = await request('/api/tips', {
				session: await session('dispatcher'),
				headers: { origin: OTHER_PORT, 'sec-fetch-site': 'same-site' },
				origin: APP
			});
			expect(res.status).toBe(200);
			expect(res.headers.get('access-control-allow-origin')).toBeNull();
		});
	});
}
