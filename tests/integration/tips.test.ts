import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import { setDatabase } from '../../src/lib/server/db/instance';
import { ANON_CLAIMS, type Db } from '../../src/lib/server/db/port';
import { CENTRE, hoursAgo } from '../fixtures/constants';
import { ENGINES, openTestDb, principalOf } from '../fixtures/db';
import { send, type ApiRequest } from '../fixtures/api';

/** Metres per degree of latitude at 20.86° N (the meridian arc), for test offsets northwards. */
const M_PER_DEG_LAT = 110_715;
const north = (p: { lon: number; lat: number }, m: number) => ({
	lon: p.lon,
	lat: p.lat + m / M_PER_DEG_LAT
});

// The rate limit is per address, so each test that submits uses addresses of its own (TEST-NET-2).
let nextHost = 1;
const freshIp = () => `198.51.100.${nextHost++}`;

const goodTip = (over: Record<string, unknown> = {}) => ({
	category: 'theft',
	description: 'Hai thanh niên đi xe máy giật túi xách của công nhân ở cổng số 2.',
	occurredAt: hoursAgo(2),
	location: CENTRE,
	contact: null,
	...over
});

for (const engine of ENGINES) {
	describe(`tip line on ${engine}`, () => {
		let db: Db;
		let dispatcher: Principal;

		const tipCount = async () =>
			(await db.query<{ n: number }>('select count(*)::int as n from tips'))[0]!.n;

		/** Submits a tip anonymously from `ip` (default: an address no other test uses). */
		const submit = (body: unknown, opts: ApiRequest = {}) =>
			send('/api/tips', { ip: freshIp(), ...opts, body });

		const tipIdOf = async (code: string) => {
			const hash = createHash('sha256').update(code).digest('hex');
			const [row] = await db.query<{ id: number }>(
				'select id::int as id from tips where follow_up_hash = $1',
				[hash]
			);
			return row?.id;
		};

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			dispatcher = await principalOf(db, 'dispatcher');
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('an anonymous tip returns a follow-up code, and the code shows only the status', async () => {
			const res = await submit(goodTip({ contact: '0912 345 678' }));
			expect(res.status).toBe(201);
			expect(res.body).toEqual({ followUpCode: expect.any(String), status: 'received' });
			const code: string = res.body.followUpCode;
			expect(code).toMatch(/^TD-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);

			// Only the hash is stored, and nothing ties the tip to the sender's address.
			const id = await tipIdOf(code);
			expect(id).toBeDefined();
			const stored = await db.query<{ n: number }>(
				`select count(*)::int as n from tips where follow_up_hash = $1`,
				[code]
			);
			expect(stored[0]!.n).toBe(0);
			const audit = await db.query<{ ip: string | null; actor_kind: string; actor_id: unknown }>(
				`select ip, actor_kind, actor_id from audit_log where entity = 'tips' and entity_id = $1`,
				[String(id)]
			);
			expect(audit).toEqual([{ ip: null, actor_kind: 'anonymous', actor_id: null }]);

			const status = await send(
				`/api/tips/status?code=${encodeURIComponent(code.toLowerCase().replaceAll('-', ' '))}`
			);
			expect(status.status).toBe(200);
			expect(status.body).toEqual({ status: 'received' });
		});

		it('a signed-in user filing a tip still files it anonymously', async () => {
			const res = await submit(goodTip(), { as: 'dispatcher' });
			expect(res.status).toBe(201);
			const id = await tipIdOf(res.body.followUpCode);
			const [audit] = await db.query<{ actor_id: unknown; actor_kind: string }>(
				`select actor_id, actor_kind from audit_log where entity = 'tips' and entity_id = $1`,
				[String(id)]
			);
			expect(audit).toEqual({ actor_id: null, actor_kind: 'anonymous' });
		});

		it('an unknown follow-up code is a 404 with a message, a malformed one a 400 naming code', async () => {
			const unknown = await send('/api/tips/status?code=TD-2222-3333-4444');
			expect(unknown.status).toBe(404);
			expect(unknown.body.error).toMatch(/mã theo dõi/);
			const en = await send('/api/tips/status?code=TD-2222-3333-4444', { lang: 'en' });
			expect(en.body.error).toMatch(/follow-up code/);
			const bad = await send('/api/tips/status?code=TD-0000-1111');
			expect(bad.status).toBe(400);
			expect(bad.body).toMatchObject({ field: 'code' });
			expect(bad.body.error).toMatch(/^code: /);
			const extra = await send('/api/tips/status?code=TD-2222-3333-4444&id=1');
			expect(extra.status).toBe(400);
			expect(extra.body.field).toBe('id');
		});

		it('a filled honeypot looks like success but stores nothing', async () => {
			const before = await tipCount();
			const res = await submit(goodTip({ website: 'http://spam.example' }));
			expect(res.status).toBe(201);
			expect(res.body).toEqual({ followUpCode: expect.any(String), status: 'received' });
			expect(res.body.followUpCode).toMatch(/^TD-/);
			expect(await tipCount()).toBe(before);
		});

		it('a honeypot’s follow-up code answers like a real one: 200, the same body and headers, later handled', async () => {
			const real = await submit(goodTip());
			const bait = await submit(goodTip({ website: 'http://spam.example' }));
			expect(bait.status).toBe(real.status);
			expect(Object.keys(bait.body).sort()).toEqual(Object.keys(real.body).sort());
			const look = (code: string) =>
				send(`/api/tips/status?code=${encodeURIComponent(code)}`, { ip: freshIp() });
			const [a, b] = [await look(real.body.followUpCode), await look(bait.body.followUpCode)];
			expect(b.status).toBe(200);
			expect(b.status).toBe(a.status);
			expect(b.body).toEqual(a.body);
			expect([...b.headers.keys()].sort()).toEqual([...a.headers.keys()].sort());
			expect(b.headers.get('cache-control')).toBe(a.headers.get('cache-control'));
			// Nothing the bot sent is kept: only the code's hash and two times.
			const hash = createHash('sha256').update(bait.body.followUpCode).digest('hex');
			const [decoy] = await db.query<Record<string, unknown>>(
				'select * from tip_decoys where follow_up_hash = $1',
				[hash]
			);
			expect(Object.keys(decoy!).sort()).toEqual(['created_at', 'follow_up_hash', 'handled_at']);
			const hours =
				(new Date(decoy!.handled_at as string).getTime() -
					new Date(decoy!.created_at as string).getTime()) /
				3_600_000;
			expect(hours).toBeGreaterThanOrEqual(6);
			expect(hours).toBeLessThanOrEqual(72);
			// Later, as a rejected spam tip does, it reads "handled".
			await db.query(
				`update tip_decoys set handled_at = now() - interval '1 minute' where follow_up_hash = $1`,
				[hash]
			);
			expect((await look(bait.body.followUpCode)).body).toEqual({ status: 'handled' });
			// Neither anon nor a signed-in user can read the decoys.
			await expect(
				db.asCaller(ANON_CLAIMS, (q) => q.query('select * from tip_decoys'))
			).rejects.toMatchObject({ code: '42501' });
			await expect(
				db.asCaller(claimsOf(dispatcher), (q) => q.query('select * from tip_decoys'))
			).rejects.toMatchObject({ code: '42501' });
		});

		it('a honeypot submission and its look-up take as long as real ones, to an order of magnitude', async () => {
			const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
			const timed = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
				const t0 = performance.now();
				const out = await fn();
				return [performance.now() - t0, out];
			};
			const real: number[] = [];
			const bait: number[] = [];
			const realLook: number[] = [];
			const baitLook: number[] = [];
			// Interleaved, so that a busy moment of the machine falls on both alike.
			for (let i = 0; i < 8; i++) {
				const [tr, r] = await timed(() => submit(goodTip()));
				const [tb, b] = await timed(() => submit(goodTip({ website: 'spam' })));
				real.push(tr);
				bait.push(tb);
				for (const [code, into] of [
					[r.body.followUpCode, realLook],
					[b.body.followUpCode, baitLook]
				] as const) {
					const [t, res] = await timed(() =>
						send(`/api/tips/status?code=${code}`, { ip: freshIp() })
					);
					expect(res.status).toBe(200);
					into.push(t);
				}
			}
			const ratio = (x: number[], y: number[]) =>
				Math.max(median(x), median(y)) / Math.min(median(x), median(y));
			expect(ratio(real, bait)).toBeLessThan(10);
			expect(ratio(realLook, baitLook)).toBeLessThan(10);
		});

		it('one address may submit 5 tips in 10 minutes; the 6th is refused with 429 and Retry-After', async () => {
			const ip = freshIp();
			for (let i = 0; i < 5; i++) {
				const ok = await submit(
					goodTip({ description: `Tin báo thử số ${i + 1}, có đủ độ dài.` }),
					{
						ip
					}
				);
				expect(ok.status).toBe(201);
			}
			const before = await tipCount();
			const refused = await submit(goodTip(), { ip });
			expect(refused.status).toBe(429);
			expect(refused.body.error).toMatch(/quá nhiều/);
			const wait = Number(refused.headers.get('retry-after'));
			expect(wait).toBeGreaterThan(0);
			expect(wait).toBeLessThanOrEqual(600);
			const en = await submit(goodTip(), { ip, lang: 'en' });
			expect(en.status).toBe(429);
			expect(en.body.error).toMatch(/Too many requests/);
			expect(await tipCount()).toBe(before);
			// Another address is not affected.
			expect((await submit(goodTip())).status).toBe(201);
			// The raw address is stored nowhere: only salted hashes.
			const raw = await db.query(
				`select 1 from tip_rate_events where addr_hash like $1 or addr_hash = $2`,
				[`%${ip}%`, createHash('sha256').update(ip).digest('hex')]
			);
			expect(raw).toEqual([]);
		});

		it('status look-ups are rate-limited too, so codes cannot be guessed', async () => {
			const ip = freshIp();
			const look = () => send('/api/tips/status?code=TD-2222-3333-4444', { ip });
			for (let i = 0; i < 20; i++) expect((await look()).status).toBe(404);
			const refused = await look();
			expect(refused.status).toBe(429);
			expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		});

		it('a tip outside the zone is refused naming location, in the caller’s language', async () => {
			const before = await tipCount();
			const vi = await submit(goodTip({ location: { lon: 106.3, lat: 20.6 } }));
			expect(vi.status).toBe(400);
			expect(vi.body.field).toBe('location');
			expect(vi.body.error).toMatch(/^location: vị trí nằm ngoài/);
			const en = await submit(goodTip({ location: { lon: 106.3, lat: 20.6 } }), { lang: 'en' });
			expect(en.body.error).toMatch(/^location: the place is outside/);
			expect(await tipCount()).toBe(before);
		});

		it('a tip with no known place is accepted', async () => {
			const res = await submit(goodTip({ location: null, category: null, occurredAt: undefined }));
			expect(res.status).toBe(201);
		});

		it('bad input gets a 4xx naming the field and changes nothing', async () => {
			const before = await tipCount();
			const cases: Array<[unknown, string]> = [
				[goodTip({ description: '  ngắn  ' }), 'description'],
				[goodTip({ description: 'Có ký tự điều khiển \u0007 ở đây nhé' }), 'description'],
				[goodTip({ description: 42 }), 'description'],
				[goodTip({ category: 'alien_abduction' }), 'category'],
				[goodTip({ occurredAt: new Date(Date.now() + 3_600_000).toISOString() }), 'occurredAt'],
				[goodTip({ occurredAt: '2020-01-01T00:00:00Z' }), 'occurredAt'],
				[goodTip({ occurredAt: '2026-02-30T10:00' }), 'occurredAt'],
				[goodTip({ location: { lon: 200, lat: 20 } }), 'location.lon'],
				[goodTip({ location: [106.56, 20.86] }), 'location'],
				[goodTip({ contact: 'x'.repeat(201) }), 'contact'],
				[goodTip({ contact: 'a\nb' }), 'contact'],
				[goodTip({ zone: 'Not A Zone' }), 'zone'],
				[goodTip({ zone: 'nowhere' }), 'zone'],
				[goodTip({ isAdmin: true }), 'isAdmin'],
				['not json at all', 'body']
			];
			for (const [body, field] of cases) {
				const res = await submit(body);
				expect(res.status, JSON.stringify(body)).toBe(400);
				expect(res.body.field).toBe(field);
				expect(res.body.error.startsWith(`${field}: `)).toBe(true);
			}
			const big = await submit(goodTip({ description: 'x'.repeat(17_000) }));
			expect(big.status).toBe(413);
			const notJson = await send('/api/tips', {
				ip: freshIp(),
				method: 'POST',
				body: 'a=b',
				headers: { 'content-type': 'application/x-www-form-urlencoded' }
			});
			expect(notJson.status).toBe(415);
			expect(notJson.body.error).toMatch(/^body: nội dung phải là JSON/);
			expect(await tipCount()).toBe(before);
		});

		it('triage: verify, then convert creates an incident linked both ways with the description', async () => {
			const description = 'Có người bán ma túy ở quán nước đầu ngõ 12, thường vào buổi tối.';
			const sent = await submit(
				goodTip({ category: 'drugs', description, contact: 'zalo 0987 000 111' })
			);
			const id = (await tipIdOf(sent.body.followUpCode))!;

			const queue = await send('/api/tips', { as: 'dispatcher' });
			expect(queue.status).toBe(200);
			const listed = queue.body.tips.find((t: any) => t.id === id);
			expect(listed).toMatchObject({ status: 'received', contact: 'zalo 0987 000 111' });
			expect(listed.location.lon).toBeCloseTo(CENTRE.lon, 6);

			const verified = await send(`/api/tips/${id}/verify`, {
				as: 'dispatcher',
				method: 'POST'
			});
			expect(verified.status).toBe(200);
			expect(verified.body.tip.status).toBe('verifying');
			const again = await send(`/api/tips/${id}/verify`, {
				as: 'dispatcher',
				method: 'POST'
			});
			expect(again.status).toBe(409);

			const status = await send(`/api/tips/status?code=${sent.body.followUpCode}`);
			expect(status.body).toEqual({ status: 'verifying' });

			const converted = await send(`/api/tips/${id}/convert`, {
				as: 'dispatcher',
				body: { severity: 2 }
			});
			expect(converted.status).toBe(201);
			const incidentId = converted.body.incident.id;
			expect(converted.body.tip).toMatchObject({ status: 'converted', incidentId });
			const [links] = await db.query<{
				tip_incident: number;
				incident_tip: number;
				description: string;
				category: string;
				severity: number;
				source: string;
			}>(
				`select t.incident_id::int as tip_incident, i.tip_id::int as incident_tip, d.description,
					i.category, i.severity, i.source
				from tips t join incidents i on i.id = t.incident_id
				join incident_details d on d.incident_id = i.id where t.id = $1`,
				[id]
			);
			expect(links).toEqual({
				tip_incident: incidentId,
				incident_tip: id,
				description,
				category: 'drugs',
				severity: 2,
				source: 'mailbox'
			});
			// The tipster's status follows the incident: being handled until it is resolved.
			const statusNow = async () =>
				(await send(`/api/tips/status?code=${sent.body.followUpCode}`)).body;
			expect(await statusNow()).toEqual({ status: 'processing' });
			for (const next of ['handling', 'resolved'] as const) {
				const moved = await send(`/api/incidents/${incidentId}`, {
					as: 'dispatcher',
					method: 'PATCH',
					body: { status: next }
				});
				expect(moved.status, JSON.stringify(moved.body)).toBe(200);
				expect(await statusNow()).toEqual({
					status: next === 'resolved' ? 'handled' : 'processing'
				});
			}
			const twice = await send(`/api/tips/${id}/convert`, {
				as: 'dispatcher',
				body: {}
			});
			expect(twice.status).toBe(409);
		});

		it('converting a tip without a place needs lon/lat, and a failed convert leaves no incident', async () => {
			const sent = await submit(goodTip({ location: null }));
			const id = (await tipIdOf(sent.body.followUpCode))!;
			const incidents = async () =>
				(await db.query<{ n: number }>('select count(*)::int as n from incidents'))[0]!.n;
			const before = await incidents();
			const missing = await send(`/api/tips/${id}/convert`, {
				as: 'dispatcher',
				method: 'POST'
			});
			expect(missing.status).toBe(400);
			expect(missing.body.field).toBe('lon');
			const outside = await send(`/api/tips/${id}/convert`, {
				as: 'dispatcher',
				body: { lon: 106.3, lat: 20.6 }
			});
			expect(outside.status).toBe(400);
			expect(outside.body.field).toBe('lon');
			const half = await send(`/api/tips/${id}/convert`, {
				as: 'dispatcher',
				body: { lon: 106.56 }
			});
			expect(half.status).toBe(400);
			expect(half.body.field).toBe('lon');
			// A commander may read tips but not create incidents from them: all of it rolls back.
			const byCommander = await send(`/api/tips/${id}/convert`, {
				as: 'commander',
				body: CENTRE
			});
			expect(byCommander.status).toBe(403);
			expect(await incidents()).toBe(before);
			const ok = await send(`/api/tips/${id}/convert`, {
				as: 'dispatcher',
				body: CENTRE
			});
			expect(ok.status).toBe(201);
			expect(await incidents()).toBe(before + 1);
		});

		it('duplicate suggestions find a tip 150 m and 3 h away with the same category, not one 300 m away', async () => {
			const at = hoursAgo(10);
			const base = north(CENTRE, 1000);
			const a = await submit(goodTip({ category: 'snatching', location: base, occurredAt: at }));
			const near = await submit(
				goodTip({ category: 'snatching', location: north(base, 150), occurredAt: hoursAgo(13) })
			);
			const far = await submit(
				goodTip({ category: 'snatching', location: north(base, 300), occurredAt: at })
			);
			const other = await submit(
				goodTip({ category: 'gambling', location: north(base, 20), occurredAt: at })
			);
			const late = await submit(
				goodTip({
					category: 'snatching',
					location: north(base, 50),
					occurredAt: new Date(Date.parse(at) - 26 * 3_600_000).toISOString()
				})
			);
			const [idA, idNear, idFar, idOther, idLate] = await Promise.all(
				[a, near, far, other, late].map((r) => tipIdOf(r.body.followUpCode))
			);
			const res = await send(`/api/tips/${idA}/duplicates`, {
				as: 'dispatcher'
			});
			expect(res.status).toBe(200);
			const ids = res.body.candidates.map((c: any) => c.id);
			expect(ids).toContain(idNear);
			for (const excluded of [idA, idFar, idOther, idLate]) expect(ids).not.toContain(excluded);
			const found = res.body.candidates.find((c: any) => c.id === idNear);
			expect(found.distanceM).toBeGreaterThan(140);
			expect(found.distanceM).toBeLessThan(160);
			expect(found.minutesApart).toBe(-180);

			// Mark it a duplicate; a duplicate of that duplicate points at the original.
			const dup = await send(`/api/tips/${idNear}/duplicate`, {
				as: 'dispatcher',
				body: { of: idA }
			});
			expect(dup.status).toBe(200);
			expect(dup.body.tip).toMatchObject({ status: 'duplicate', duplicateOf: idA });
			const chained = await send(`/api/tips/${idLate}/duplicate`, {
				as: 'dispatcher',
				body: { of: idNear }
			});
			expect(chained.body.tip.duplicateOf).toBe(idA);
			const self = await send(`/api/tips/${idFar}/duplicate`, {
				as: 'dispatcher',
				body: { of: idFar }
			});
			expect(self.status).toBe(400);
			expect(self.body.field).toBe('of');
			const missing = await send(`/api/tips/${idFar}/duplicate`, {
				as: 'dispatcher',
				body: { of: 99_999_999 }
			});
			expect(missing.status).toBe(400);
			expect(missing.body.field).toBe('of');

			const noReason = await send(`/api/tips/${idOther}/reject`, {
				as: 'dispatcher',
				body: {}
			});
			expect(noReason.status).toBe(400);
			expect(noReason.body.field).toBe('reason');
			const rejected = await send(`/api/tips/${idOther}/reject`, {
				as: 'dispatcher',
				body: { reason: 'Không đủ thông tin để xác minh.' }
			});
			expect(rejected.body.tip).toMatchObject({
				status: 'rejected',
				rejectionReason: 'Không đủ thông tin để xác minh.'
			});
			const afterReject = await send(`/api/tips/${idOther}/verify`, {
				as: 'dispatcher',
				method: 'POST'
			});
			expect(afterReject.status).toBe(409);
			expect(afterReject.body.field).toBe('status');
		});

		it('the planner and the board may not see the queue; they get counts, the liaison and team lead do not', async () => {
			const sent = await submit(goodTip());
			const id = (await tipIdOf(sent.body.followUpCode))!;
			for (const who of ['planner', 'board', 'liaison']) {
				const queue = await send('/api/tips', { as: who });
				expect(queue.status).toBe(403);
				expect(queue.body.tips).toBeUndefined();
				const one = await send(`/api/tips/${id}`, {
					as: who
				});
				expect(one.status).toBe(404);
				const verify = await send(`/api/tips/${id}/verify`, {
					as: who,
					method: 'POST'
				});
				expect(verify.status).toBe(404);
			}
			// The commander reads the queue and the tip but cannot act on it.
			expect((await send('/api/tips', { as: 'commander' })).status).toBe(200);
			const read = await send(`/api/tips/${id}`, {
				as: 'commander'
			});
			expect(read.status).toBe(200);
			expect(read.body.id).toBe(id);
			const act = await send(`/api/tips/${id}/verify`, {
				as: 'commander',
				method: 'POST'
			});
			expect(act.status).toBe(403);

			// Counts go to every role that receives aggregates (app.require_zone): the board gets
			// protected counts of closed days (disclosure.test.ts); the planner, whose situation panel
			// already shows the tips awaiting triage (README), and the commander get exact ones.
			const counts = await send('/api/tips/counts', { as: 'board' });
			expect(counts.status).toBe(200);
			expect(counts.body.disclosure).toBe('protected');
			expect(counts.body.byStatus).toHaveProperty('received');
			expect(Object.keys(counts.body).sort()).toEqual([
				'byStatus',
				'disclosure',
				'from',
				'suppressed',
				'to',
				'total',
				'window',
				'zone'
			]);
			for (const who of ['commander', 'planner']) {
				const exact = await send('/api/tips/counts', { as: who });
				expect(exact.status).toBe(200);
				expect(exact.body.byStatus.received).toBeGreaterThan(0);
			}
			for (const who of ['liaison', 'team_lead']) {
				expect((await send('/api/tips/counts', { as: who })).status).toBe(403);
			}
			const badRange = await send('/api/tips/counts?from=2026-11-10&to=2026-11-01', {
				as: 'board'
			});
			expect(badRange.status).toBe(400);
			expect(badRange.body.field).toBe('to');
		});

		it('without a principal the queue is refused, and the database itself denies anon', async () => {
			const res = await send('/api/tips');
			expect(res.status).toBe(401);
			expect(res.body.tips).toBeUndefined();
			await expect(
				db.asCaller(ANON_CLAIMS, (q) => q.query('select * from tips'))
			).rejects.toMatchObject({ code: '42501' });
			await expect(
				db.asCaller(ANON_CLAIMS, (q) => q.query('select * from tip_rate_events'))
			).rejects.toMatchObject({ code: '42501' });
		});

		it('the public zone endpoint gives outlines and names only', async () => {
			const res = await send('/api/public/zone');
			expect(res.status).toBe(200);
			const [zone] = res.body.features;
			expect(zone.geometry.type).toBe('MultiPolygon');
			expect(zone.properties).toEqual({ code: 'trang-due', name: expect.any(String) });
			expect(
				res.body.features.every(
					(f: any) => Object.keys(f).sort().join() === 'geometry,properties,type'
				)
			).toBe(true);
		});
	});
}
