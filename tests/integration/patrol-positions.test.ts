import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import type { Db, Queryable } from '../../src/lib/server/db/port';
import { disclosures } from '../../src/lib/server/live/hub';
import { actualCoverage } from '../../src/lib/server/patrols/coverage.query';
import { createPlan } from '../../src/lib/server/patrols/plans.service';
import {
	ingestPositions,
	livePositions,
	purgePositions,
	unitTrack
} from '../../src/lib/server/patrols/positions.service';
import { formatHhmm, vnMinuteOfWeek } from '../../src/lib/domain/patrol-shifts';
import { demoZoneId, ENGINES, openTestDb, principalOf } from '../fixtures/db';
import { ROLES } from '../fixtures/constants';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Vietnam local time without an offset, as a phone may send it. */
const vnLocal = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 19);

for (const engine of ENGINES) {
	describe(`patrol positions on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		const who: Record<string, Principal> = {};
		const as = <T>(role: string, fn: (q: Queryable) => Promise<T>) =>
			db.asCaller(claimsOf(who[role]!), fn);
		const stored = async (unit: string) => {
			const [r] = await db.query<{ n: number }>(
				`select count(*)::int as n from patrol_positions p join patrol_units u on u.id = p.unit_id where u.code = $1`,
				[unit]
			);
			return r!.n;
		};

		beforeAll(async () => {
			db = await openTestDb(engine);
			zoneId = await demoZoneId(db);
			for (const r of ROLES) who[r] = await principalOf(db, r);
		});
		afterAll(async () => {
			await db?.close();
		});

		it('accepts the valid items of a batch and refuses each other one with its reason', async () => {
			const now = Date.now();
			const ok = (i: number) => ({
				unit: 'CA-KCN-1',
				ts: iso(now - (10 + i) * MIN),
				lon: 106.5686,
				lat: 20.8655,
				accuracyM: 8
			});
			const batch = [
				ok(0),
				{ unit: 'CA-KCN-1', ts: iso(now - 11 * MIN), lat: 20.86 },
				{ unit: 'KHONG-CO', ts: iso(now - 12 * MIN), lon: 106.56, lat: 20.86 },
				{ unit: 'CA-KCN-1', ts: '2026-02-30T10:00:00', lon: 106.56, lat: 20.86 },
				{ unit: 'CA-KCN-1', ts: iso(now + 60 * MIN), lon: 106.56, lat: 20.86 },
				{ unit: 'CA-KCN-1', ts: iso(now - 25 * 60 * MIN), lon: 106.56, lat: 20.86 },
				{ unit: 'CA-KCN-1', ts: iso(now - 13 * MIN), lon: 106.56, lat: 120.5 },
				{ unit: 'CA-KCN-1', ts: iso(now - 14 * MIN), lon: 1e300, lat: 20.86 },
				{ unit: 'CA-KCN-1', ts: iso(now - 15 * MIN), lon: 106.56, lat: 20.86, accuracyM: -5 },
				'not an object',
				ok(2)
			];
			const r = await as('dispatcher', (q) => ingestPositions(q, zoneId, batch));
			expect(r.accepted).toBe(2);
			expect(r.duplicates).toBe(0);
			expect(r.rejected).toEqual([
				{ index: 1, reason: 'malformed' },
				{ index: 2, reason: 'unknown_unit' },
				{ index: 3, reason: 'bad_timestamp' },
				{ index: 4, reason: 'in_future' },
				{ index: 5, reason: 'too_old' },
				{ index: 6, reason: 'coordinates_out_of_range' },
				{ index: 7, reason: 'coordinates_out_of_range' },
				{ index: 8, reason: 'bad_accuracy' },
				{ index: 9, reason: 'malformed' }
			]);
			expect(await stored('CA-KCN-1')).toBe(2);
		});

		it('is idempotent on unit and time: a batch sent again is accepted and stored once', async () => {
			const now = Date.now();
			const batch = Array.from({ length: 5 }, (_, i) => ({
				unit: 'CA-KCN-2',
				ts: iso(now - (30 + i) * MIN),
				lon: 106.57,
				lat: 20.866
			}));
			const first = await as('dispatcher', (q) => ingestPositions(q, zoneId, batch));
			const again = await as('dispatcher', (q) =>
				ingestPositions(q, zoneId, [...batch, batch[0]!])
			);
			expect(first).toEqual({ accepted: 5, duplicates: 0, rejected: [] });
			expect(again).toEqual({ accepted: 6, duplicates: 6, rejected: [] });
			expect(await stored('CA-KCN-2')).toBe(5);
		});

		it('reads a time without an offset as Vietnam time', async () => {
			const at = Math.floor((Date.now() - 40 * MIN) / 1000) * 1000;
			await as('dispatcher', (q) =>
				ingestPositions(q, zoneId, [{ unit: 'CA-AP-1', ts: vnLocal(at), lon: 106.57, lat: 20.87 }])
			);
			const [row] = await db.query<{ ts: Date }>(
				`select p.ts from patrol_positions p join patrol_units u on u.id = p.unit_id where u.code = 'CA-AP-1'`
			);
			expect(row!.ts.getTime()).toBe(at);
		});

		it('refuses the items of an oversized batch past the first 1,000, one by one', async () => {
			const now = Date.now();
			const batch = Array.from({ length: 1003 }, (_, i) => ({
				unit: 'CA-AP-1',
				ts: iso(now - 60 * MIN - i * 1000),
				lon: 106.57,
				lat: 20.87
			}));
			const r = await as('dispatcher', (q) => ingestPositions(q, zoneId, batch));
			expect(r.accepted).toBe(1000);
			expect(r.rejected).toEqual(
				[1000, 1001, 1002].map((index) => ({ index, reason: 'batch_too_large' }))
			);
		});

		it('a team lead’s credential reports its own team’s unit only; roles outside the command report none', async () => {
			const ts = iso(Date.now() - 2 * MIN);
			const mine = await as('team_lead', (q) =>
				ingestPositions(q, zoneId, [
					{ unit: 'TTQ-1', ts, lon: 106.565, lat: 20.87 },
					{ unit: 'CA-KCN-1', ts, lon: 106.565, lat: 20.87 }
				])
			);
			expect(mine.accepted).toBe(1);
			expect(mine.rejected).toEqual([{ index: 1, reason: 'unit_not_allowed' }]);
			for (const r of ['planner', 'board', 'liaison']) {
				const res = await as(r, (q) =>
					ingestPositions(q, zoneId, [{ unit: 'CA-KCN-1', ts, lon: 106.56, lat: 20.86 }])
				);
				expect(res.rejected, r).toEqual([{ index: 0, reason: 'unit_not_allowed' }]);
			}
			const outsider = { ...who.dispatcher!, zones: ['00000000-0000-4000-8000-000000000001'] };
			await expect(
				db.asCaller(claimsOf(outsider), (q) =>
					ingestPositions(q, zoneId, [{ unit: 'CA-KCN-1', ts, lon: 106.56, lat: 20.86 }])
				)
			).rejects.toMatchObject({ code: '42501' });
		});

		it('announces a unit’s newest position on the change feed, once per unit and batch, and nothing for a resend', async () => {
			const [before] = await db.query<{ id: number }>(
				`select coalesce(max(id), 0)::int as id from change_events`
			);
			const now = Date.now();
			const batch = [1, 2, 3].map((i) => ({
				unit: 'CA-KCN-1',
				ts: iso(now - i * 1000 - 3 * MIN),
				lon: 106.56 + i / 1000,
				lat: 20.86
			}));
			await as('dispatcher', (q) => ingestPositions(q, zoneId, batch));
			await as('dispatcher', (q) => ingestPositions(q, zoneId, batch));
			const events = await db.query<{
				id: number;
				entity: string;
				entity_id: string;
				lon: number;
			}>(
				`select id::int, entity, entity_id, st_x(geom) as lon from change_events where id > $1 order by id`,
				[before!.id]
			);
			expect(events.map(({ id: _, ...e }) => e)).toEqual([
				{ entity: 'patrol_positions', entity_id: 'CA-KCN-1', lon: 106.561 }
			]);
			const told = async (role: string) =>
				(await disclosures(db, who[role]!, [{ eventId: events[0]!.id }])).get(events[0]!.id) ??
				null;
			expect(await told('commander')).toBe('row');
			expect(await told('board')).toBeNull();
			expect(await told('liaison')).toBeNull();
		});

		it('the live map reads each unit’s newest position and last hour of track, stale after 5 minutes, and the read is audited', async () => {
			const now = Date.now();
			await as('dispatcher', (q) =>
				ingestPositions(q, zoneId, [
					{ unit: 'CA-KCN-2', ts: iso(now - 20 * 1000), lon: 106.571, lat: 20.867 },
					{ unit: 'CA-AP-1', ts: iso(now - 8 * MIN), lon: 106.58, lat: 20.87 }
				])
			);
			const fc = await as('commander', (q) => livePositions(q, zoneId));
			const byUnit = Object.fromEntries(fc.features.map((f) => [f.properties.unit, f]));
			expect(byUnit['CA-KCN-2']!.properties.stale).toBe(false);
			expect(byUnit['CA-KCN-2']!.geometry.coordinates).toEqual([106.571, 20.867]);
			expect(byUnit['CA-KCN-2']!.properties.track.length).toBeGreaterThanOrEqual(6);
			expect(byUnit['CA-AP-1']!.properties.stale).toBe(true);
			const [audit] = await db.query<{
				actor_id: string;
				details: { fields: string[]; units: string[] };
			}>(
				`select actor_id, details from audit_log where action = 'read.personal' and entity = 'patrol_positions' order by id desc limit 1`
			);
			expect(audit!.actor_id).toBe(who.commander!.id);
			expect(audit!.details.fields).toEqual(['ts', 'lon', 'lat']);
			expect(audit!.details.units).toEqual(expect.arrayContaining(['CA-KCN-2', 'CA-AP-1']));
			const track = await as('planner', (q) =>
				unitTrack(q, zoneId, 'CA-KCN-2', new Date(now - 3600_000), new Date(now + 60_000))
			);
			expect(track.length).toBeGreaterThanOrEqual(6);
		});

		it('positions are read only through the audited functions, and not by the board, liaison officers or team leads', async () => {
			for (const r of ['commander', 'admin', 'planner']) {
				await expect(
					as(r, (q) => q.query(`select * from patrol_positions limit 1`))
				).rejects.toMatchObject({ code: '42501' });
			}
			for (const r of ['board', 'liaison', 'team_lead']) {
				await expect(as(r, (q) => livePositions(q, zoneId))).rejects.toMatchObject({
					code: '42501'
				});
			}
			await expect(
				as('admin', (q) => q.query(`select app.purge_patrol_positions(1)`))
			).rejects.toMatchObject({ code: '42501' });
		});

		it('the purge deletes positions older than the retention period and keeps the rest', async () => {
			await db.query(
				`insert into patrol_positions (unit_id, ts, zone_id, lon, lat)
				select u.id, now() - make_interval(days => d), u.zone_id, 106.56, 20.86
				from patrol_units u, unnest(array[89, 91, 120]) d where u.code = 'CA-AP-1'`
			);
			const before = await stored('CA-AP-1');
			expect(await purgePositions(db, 90)).toBe(2);
			expect(await stored('CA-AP-1')).toBe(before - 2);
			expect(await purgePositions(db, 90)).toBe(0);
		});

		it('after a shift, compares the real track with the plan and measures the minutes spent at each stop', async () => {
			const now = Date.now();
			const shiftStart = now - 150 * MIN;
			const start = formatHhmm(vnMinuteOfWeek(shiftStart) % 1440);
			const end = formatHhmm((vnMinuteOfWeek(shiftStart) % 1440) + 240);
			const plan = await as('planner', (q) =>
				createPlan(q, zoneId, {
					name: 'Ca vừa qua',
					validFrom: '2026-01-01',
					unitId: undefined,
					items: [
						{
							kind: 'route',
							geometry: {
								type: 'LineString',
								coordinates: [
									[106.5686, 20.8655],
									[106.5755, 20.8698]
								]
							},
							bufferM: 150
						},
						{
							kind: 'stop',
							name: 'Cổng',
							geometry: { type: 'Point', coordinates: [106.5755, 20.8698] },
							bufferM: 100,
							dwellMin: 15,
							visits: 2
						}
					],
					shifts: [{ days: [1, 2, 3, 4, 5, 6, 7], start, end }]
				})
			);
			// Walk the route in 10 minutes, then stay 20 minutes at the stop; a fix a minute.
			const fixes: { unit: string; ts: string; lon: number; lat: number }[] = [];
			for (let i = 0; i <= 10; i++) {
				fixes.push({
					unit: 'CA-KCN-2',
					ts: iso(now - 100 * MIN + i * MIN),
					lon: 106.5686 + (0.0069 * i) / 10,
					lat: 20.8655 + (0.0043 * i) / 10
				});
			}
			for (let i = 1; i <= 20; i++) {
				fixes.push({
					unit: 'CA-KCN-2',
					ts: iso(now - 90 * MIN + i * MIN),
					lon: 106.5755,
					lat: 20.8698
				});
			}
			expect((await as('dispatcher', (q) => ingestPositions(q, zoneId, fixes))).accepted).toBe(
				fixes.length
			);
			const a = await as('planner', (q) =>
				actualCoverage(q, plan.id, new Date(now - 180 * MIN), new Date(now - 60 * MIN), {
					unit: 'CA-KCN-2'
				})
			);
			expect(a.positions).toBe(fixes.length);
			expect(a.shiftOccurrences).toBe(1);
			expect(a.stops).toHaveLength(1);
			expect(a.stops[0]).toMatchObject({ plannedMinutes: 30, plannedVisits: 2, actualVisits: 1 });
			// The last fix on the route is within the stop's 100 m too: 20–21 minutes there.
			expect(a.stops[0]!.actualMinutes).toBeGreaterThanOrEqual(20);
			expect(a.stops[0]!.actualMinutes).toBeLessThanOrEqual(21);
			expect(a.plannedCoveredPct).toBeGreaterThan(90);
			expect(a.actualAreaM2).toBeGreaterThan(0);
			const [audit] = await db.query<{ details: { what: string } }>(
				`select details from audit_log where action = 'read.personal' and entity = 'patrol_positions' order by id desc limit 1`
			);
			expect(audit!.details.what).toBe('actual');
			await expect(
				as('board', (q) => actualCoverage(q, plan.id, new Date(now - 180 * MIN), new Date(now)))
			).rejects.toMatchObject({ code: '42501' });
		});
	});
}
