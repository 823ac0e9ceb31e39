import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import type { Db, Queryable } from '../../src/lib/server/db/port';
import { INSIDE_AN_HAI } from '../fixtures/constants';
import { demoZoneId, ENGINES, openTestDb, principalOf } from '../fixtures/db';

/** Inserts an incident inside An Hải through `q`; returns its id. */
async function insertIncident(q: Queryable, zoneId: string): Promise<string> {
	const [row] = await q.query<{ id: string }>(
		`insert into incidents (zone_id, category, occurred_at, reported_at, geom)
		values ($1, 'theft', now(), now(), st_setsrid(st_makepoint($2, $3), 4326)) returning id::text`,
		[zoneId, INSIDE_AN_HAI.lon, INSIDE_AN_HAI.lat]
	);
	return row!.id;
}

for (const engine of ENGINES) {
	describe(`the audit trigger on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let dispatcher: Principal;

		const auditRows = (entity: string, id: string, action = '%') =>
			db.query<{ action: string; details: { changed?: string[] } }>(
				`select action, details from audit_log
				where entity = $1 and entity_id = $2 and action like $3 order by id`,
				[entity, id, action]
			);
		const liveEvents = (entity: string, id: string) =>
			db.query(`select 1 from change_events where entity = $1 and entity_id = $2`, [entity, id]);

		beforeAll(async () => {
			db = await openTestDb(engine);
			zoneId = await demoZoneId(db);
			dispatcher = await principalOf(db, 'dispatcher');
		});
		afterAll(async () => {
			await db?.close();
		});

		it("records a signed-in caller's write even when the caller sets app.bulk_load", async () => {
			const id = await db.asCaller(claimsOf(dispatcher), async (q) => {
				await q.query(`select set_config('app.bulk_load', 'on', true)`);
				return insertIncident(q, zoneId);
			});
			expect((await auditRows('incidents', id)).map((r) => r.action)).toEqual(['insert']);
			// The live stream hears of it too.
			expect(await liveEvents('incidents', id)).toHaveLength(1);
		});

		it("skips audit rows and live events only in the server's own bulk load", async () => {
			const id = await db.transaction(async (tx) => {
				await tx.query(`select set_config('app.bulk_load', 'on', true)`);
				return insertIncident(tx, zoneId);
			});
			expect(await auditRows('incidents', id)).toEqual([]);
			expect(await liveEvents('incidents', id)).toEqual([]);
		});

		it("passes each table's bookkeeping columns to the trigger as arguments", async () => {
			const triggers = await db.query<{ t: string; args: string }>(
				`select c.relname as t, encode(g.tgargs, 'escape') as args
				from pg_trigger g join pg_class c on c.oid = g.tgrelid
				where g.tgfoid = 'app.audit_row_change'::regproc and c.relname in ('incidents', 'api_tokens', 'user_zones')
				order by 1`
			);
			// tgargs holds each argument followed by a NUL byte.
			expect(
				Object.fromEntries(triggers.map((r) => [r.t, r.args.split('\\000').filter(Boolean)]))
			).toEqual({
				api_tokens: ['last_used_at'],
				incidents: ['updated_at', 'frame_record', 'category_no'],
				user_zones: []
			});
		});

		it('names only the columns people changed, and skips bookkeeping-only updates', async () => {
			const id = await db.asCaller(claimsOf(dispatcher), (q) => insertIncident(q, zoneId));
			await db.asCaller(claimsOf(dispatcher), (q) =>
				q.query(`update incidents set status = 'handling', severity = 3 where id = $1`, [id])
			);
			expect((await auditRows('incidents', id)).map((r) => r.details.changed ?? null)).toEqual([
				null,
				['severity', 'status']
			]);
			const [user] = await db.query<{ id: string }>(
				`update app_users set failed_attempts = failed_attempts + 1 where username = 'planner'
				returning id::text`
			);
			expect(await auditRows('app_users', user!.id, 'update')).toEqual([]);
			await db.query(`update app_users set display_name = 'Kế hoạch (kiểm thử)' where id = $1`, [
				user!.id
			]);
			expect(
				(await auditRows('app_users', user!.id, 'update')).map((r) => r.details.changed)
			).toEqual([['display_name']]);
		});
	});
}
