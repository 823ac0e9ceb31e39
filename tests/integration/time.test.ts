import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseRefusal } from '../../src/lib/server/http';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { ENGINES, openTestDb } from '../fixtures/db';
import { send as request } from '../fixtures/api';
import { CENTRE } from '../fixtures/constants';

/** A zone far from Vietnam's, with daylight saving (it ends on 1 November 2026). */
const FOREIGN_TZ = 'America/New_York';

for (const engine of ENGINES) {
	describe(`Vietnam time on a server in ${FOREIGN_TZ}, on ${engine}`, () => {
		let db: Db;
		const savedTz = process.env.TZ;
		let host = 0;

		/** A request through the server hooks as a demo account (or nobody). */
		function send(
			method: string,
			apiPath: string,
			opts: { as?: string; body?: unknown; params?: Record<string, string>; query?: string } = {}
		) {
			const path = apiPath.replace(/\{(\w+)\}/g, (_, k: string) => opts.params![k]!);
			return request(path + (opts.query ? `?${opts.query}` : ''), {
				method,
				body: opts.body,
				as: opts.as,
				ip: `198.18.200.${host++ % 250}`
			});
		}
		const newIncident = async (occurredAt: string) => {
			const res = await send('POST', '/api/incidents', {
				as: 'dispatcher',
				body: { category: 'theft', occurredAt, ...CENTRE }
			});
			expect(res.status, JSON.stringify(res.body)).toBe(201);
			return res.body.id as number;
		};
		const occurredAtOf = async (id: number) => {
			const res = await send('GET', '/api/incidents/{id}', {
				as: 'dispatcher',
				params: { id: String(id) }
			});
			expect(res.status).toBe(200);
			return res.body.properties.occurredAt as string;
		};

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			// Node reads TZ again whenever it is assigned: from here on the process is in New York.
			process.env.TZ = FOREIGN_TZ;
			expect(new Date(2026, 10, 1, 12).getTimezoneOffset()).toBe(300);
		});
		afterAll(async () => {
			if (savedTz === undefined) delete process.env.TZ;
			else process.env.TZ = savedTz;
			setDatabase(undefined);
			await db?.close();
		});

		it('stores an incident time sent without an offset as Vietnam time, and reads it back in UTC', async () => {
			const id = await newIncident('2026-11-01T08:30:00');
			expect(await occurredAtOf(id)).toBe('2026-11-01T01:30:00Z');
			const patched = await send('PATCH', '/api/incidents/{id}', {
				as: 'dispatcher',
				params: { id: String(id) },
				body: { occurredAt: '2026-11-02T09:15' }
			});
			expect(patched.status, JSON.stringify(patched.body)).toBe(200);
			expect(await occurredAtOf(id)).toBe('2026-11-02T02:15:00Z');
			// An explicit offset is kept as sent.
			expect(await occurredAtOf(await newIncident('2026-11-01T08:30:00-05:00'))).toBe(
				'2026-11-01T13:30:00Z'
			);
		});

		it("stores a team report's time without an offset as Vietnam time", async () => {
			const made = await send('POST', '/api/team-reports', {
				as: 'team_lead',
				body: {
					kind: 'patrol',
					description: 'Tuần tra khu nhà trọ',
					occurredAt: '2026-11-01T08:30:00'
				}
			});
			expect(made.status, JSON.stringify(made.body)).toBe(201);
			const list = await send('GET', '/api/team-reports', { as: 'team_lead' });
			const report = list.body.reports.find((r: { id: number }) => r.id === made.body.id);
			expect(report.occurredAt).toBe('2026-11-01T01:30:00Z');
		});

		it("reads a tip's time, and the time a dispatcher gives when converting it, as Vietnam time", async () => {
			const sent = await send('POST', '/api/tips', {
				body: {
					description: 'Hai thanh niên giật túi xách ở cổng số 2.',
					occurredAt: '2026-11-01T08:30:00',
					location: CENTRE
				}
			});
			expect(sent.status, JSON.stringify(sent.body)).toBe(201);
			const [row] = await db.query<{ id: number }>(
				'select id::int as id from tips order by id desc limit 1'
			);
			const id = String(row!.id);
			const tip = await send('GET', '/api/tips/{id}', { as: 'dispatcher', params: { id } });
			expect(tip.body.occurredAt).toBe('2026-11-01T01:30:00Z');
			const converted = await send('POST', '/api/tips/{id}/convert', {
				as: 'dispatcher',
				params: { id },
				body: { category: 'snatching', occurredAt: '2026-11-01T07:00' }
			});
			expect(converted.status, JSON.stringify(converted.body)).toBe(201);
			expect(await occurredAtOf(converted.body.incident.id)).toBe('2026-11-01T00:00:00Z');
		});

		it('reads a bare date in a query as Vietnam midnight', async () => {
			// 00:30 on 1 November in Vietnam is still 31 October in UTC and in New York.
			const inside = await newIncident('2026-11-01T00:30:00+07:00');
			const before = await newIncident('2026-10-31T23:30:00+07:00');
			const listed = await send('GET', '/api/incidents', {
				as: 'dispatcher',
				query: 'from=2026-11-01&to=2026-11-02&bbox=106.56,20.86,106.57,20.87'
			});
			expect(listed.status).toBe(200);
			const ids = listed.body.features.map((f: { id: number }) => f.id);
			expect(ids).toContain(inside);
			expect(ids).not.toContain(before);
			const stats = await send('GET', '/api/stats/incidents', {
				as: 'dispatcher',
				query: 'from=2026-11-01&to=2026-11-02T06:00'
			});
			expect(stats.body).toMatchObject({
				from: '2026-10-31T17:00:00.000Z',
				to: '2026-11-01T23:00:00.000Z'
			});
		});
	});

	describe(`data exceptions raised by ${engine}`, () => {
		let db: Db;
		beforeAll(async () => {
			db = await openTestDb(engine);
		});
		afterAll(async () => {
			await db?.close();
		});

		// Class 22 comes from a value the caller sent: it is their 400, never a 500.
		const CASES: [string, string, unknown[]][] = [
			['22007', 'select $1::text::timestamptz', ['yesterday at noon']],
			['22008', 'select $1::text::timestamptz', ['2026-02-30T10:00:00Z']],
			['22008', 'select $1::text::date', ['0000-01-01']],
			['22P02', 'select $1::text::int', ['1 or 1=1']],
			['22003', 'select $1::text::int', ['99999999999']],
			['22012', 'select 1 / $1::int', [0]]
		];
		it.each(CASES)(
			'answers SQLSTATE %s (%s) with a 400 naming the field',
			async (code, sql, args) => {
				const err = await db.query(sql, args).then(
					() => undefined,
					(e: unknown) => e
				);
				expect((err as { code?: string }).code).toBe(code);
				const res = databaseRefusal(err);
				expect(res?.status).toBe(400);
				expect(res?.body).toMatchObject({ field: 'body' });
			}
		);
	});
}
