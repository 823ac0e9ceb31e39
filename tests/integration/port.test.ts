import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/port';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';

for (const engine of ENGINES) {
	describe(`the query port on ${engine}`, () => {
		let db: Db;
		beforeAll(async () => {
			db = await openTestDb(engine);
		});
		afterAll(async () => {
			await db?.close();
		});

		it('runs a request as the caller: claims visible to auth.*() and the role switched', async () => {
			const sub = '6f1d2c1e-9a57-4a35-9d8b-1c2b3a4d5e6f';
			const [row] = await db.asCaller({ role: 'authenticated', sub, zone: 'trang-due' }, (q) =>
				q.query<{ usr: string; uid: string; role: string; zone: string }>(
					`select current_user as usr, auth.uid()::text as uid, auth.role() as role, auth.jwt() ->> 'zone' as zone`
				)
			);
			expect(row).toEqual({
				usr: 'authenticated',
				uid: sub,
				role: 'authenticated',
				zone: 'trang-due'
			});
		});

		it('ends the caller context with the transaction', async () => {
			await db.asCaller({ role: 'anon' }, (q) => q.query('select 1'));
			const [row] = await db.query<{ usr: string; claims: string | null }>(
				`select current_user as usr, nullif(current_setting('request.jwt.claims', true), '') as claims`
			);
			expect(row!.usr).not.toBe('anon');
			expect(row!.claims).toBeNull();
		});

		it('refuses claims naming a role outside anon / authenticated / service_role', async () => {
			await expect(
				db.asCaller({ role: 'postgres' as 'anon' }, (q) => q.query('select 1'))
			).rejects.toThrow(/unknown database role/);
		});

		it('gives anon no rows and no writes on the map layers', async () => {
			const zoneId = await demoZoneId(db);
			await expect(
				db.asCaller({ role: 'anon' }, (q) => q.query('select count(*)::int as n from incidents'))
			).rejects.toThrow(/permission denied/);
			await expect(
				db.asCaller({ role: 'anon' }, (q) =>
					q.query(
						`insert into incidents (zone_id, category, occurred_at, geom) values ($1, 'theft', now(), st_setsrid(st_makepoint(106.56, 20.87), 4326))`,
						[zoneId]
					)
				)
			).rejects.toThrow(/permission denied/);
		});

		it('rolls a transaction back when its function throws', async () => {
			const zoneId = await demoZoneId(db);
			const before = await db.query<{ n: number }>('select count(*)::int as n from incidents');
			await expect(
				db.transaction(async (tx) => {
					await tx.query(
						`insert into incidents (zone_id, category, occurred_at, reported_at, geom) values ($1, 'theft', now(), now(), st_setsrid(st_makepoint(106.56, 20.87), 4326))`,
						[zoneId]
					);
					throw new Error('abort');
				})
			).rejects.toThrow('abort');
			const after = await db.query<{ n: number }>('select count(*)::int as n from incidents');
			expect(after[0]!.n).toBe(before[0]!.n);
		});

		it('announces a new incident on the changes channel (LISTEN/NOTIFY)', async () => {
			const zoneId = await demoZoneId(db);
			const got: string[] = [];
			const unlisten = await db.listen('changes', (payload) => got.push(payload));
			try {
				const [row] = await db.query<{ id: number }>(
					`insert into incidents (zone_id, category, occurred_at, reported_at, geom)
					values ($1, 'fraud', now(), now(), st_setsrid(st_makepoint(106.56, 20.87), 4326)) returning id`,
					[zoneId]
				);
				const deadline = Date.now() + 5000;
				while (got.length === 0 && Date.now() < deadline)
					await new Promise((r) => setTimeout(r, 20));
				expect(got.map((p) => JSON.parse(p))).toContainEqual(
					expect.objectContaining({
						table: 'incidents',
						op: 'insert',
						id: row!.id,
						zoneId,
						// Where it happened stays in change_events: who may learn of it is asked there.
						eventId: expect.any(Number)
					})
				);
			} finally {
				await unlisten();
			}
		});
	});
}
