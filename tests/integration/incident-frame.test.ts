import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES } from '../../src/lib/domain/categories';
import type { Db } from '../../src/lib/server/db/port';
import {
	incidentColumns,
	incidentColumnsFrame,
	type IncidentFilter
} from '../../src/lib/server/incidents/incidents.query';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';

// The map's frame is written from a record every incident row stores (incidents.frame_record).
// These tests change rows the ways the product does and read the frame back: a stale record
// would put a resolved incident on the wall as new, or a moved one at its old place.

/** A month before the demo data starts, so only the rows these tests write are in it. */
const WINDOW = { from: new Date('2019-03-01T00:00:00Z'), to: new Date('2019-04-01T00:00:00Z') };
const BOX = [106.5, 20.8, 106.65, 20.95] as const;

for (const engine of ENGINES) {
	describe(`the viewport frame's stored records on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let filter: IncidentFilter;
		beforeAll(async () => {
			db = await openTestDb(engine);
			zoneId = await demoZoneId(db);
			filter = { zoneId, bbox: BOX, ...WINDOW, limit: 1000 };
		});
		afterAll(async () => {
			await db?.close();
		});

		async function insert(category: string, at: string, lon: number, lat: number) {
			const [row] = await db.query<{ id: number }>(
				`insert into incidents (zone_id, category, occurred_at, reported_at, geom, severity)
				values ($1, $2, $3, $3, st_setsrid(st_makepoint($4, $5), 4326), 2) returning id`,
				[zoneId, category, at, lon, lat]
			);
			return row!.id;
		}

		async function shown(id: number) {
			const cols = await incidentColumns(db, filter);
			const i = cols.id.indexOf(id);
			if (i < 0) return null;
			return {
				lon: cols.lon[i],
				lat: cols.lat[i],
				category: cols.category[i],
				severity: cols.severity[i],
				status: cols.status[i],
				occurredAt: cols.occurredAt[i]
			};
		}

		async function frameHeader() {
			const frame = await incidentColumnsFrame(db, filter);
			const length = new DataView(frame.buffer, frame.byteOffset).getUint32(4);
			return JSON.parse(new TextDecoder().decode(frame.subarray(8, 8 + length))) as {
				categories: string[];
				statuses: string[];
			};
		}

		it('numbers statuses in the order the application lists them', async () => {
			expect((await frameHeader()).statuses).toEqual([...INCIDENT_STATUSES]);
		});

		it('shows an incident as stored and follows every later change to it', async () => {
			const id = await insert('theft', '2019-03-10T08:15:42.9+07:00', 106.5612345, 20.8654321);
			expect(await shown(id)).toEqual({
				lon: 106.5612345,
				lat: 20.8654321,
				category: 'theft',
				severity: 2,
				status: 'new',
				// Whole seconds: 01:15:42.9 UTC.
				occurredAt: Date.UTC(2019, 2, 10, 1, 15, 42) / 1000
			});

			await db.query(
				`update incidents set status = 'handling', severity = 4, category = 'robbery',
					geom = st_setsrid(st_makepoint(106.6, 20.9), 4326)
				where id = $1`,
				[id]
			);
			expect(await shown(id)).toMatchObject({
				lon: 106.6,
				lat: 20.9,
				category: 'robbery',
				severity: 4,
				status: 'handling'
			});

			for (const status of ['resolved', 'transferred'] as const) {
				await db.query(`update incidents set status = $2 where id = $1`, [id, status]);
				expect((await shown(id))?.status).toBe(status);
			}
			await db.query(
				`update incidents set occurred_at = '2019-03-20T00:00:00Z', reported_at = '2019-03-20T00:00:00Z' where id = $1`,
				[id]
			);
			expect((await shown(id))?.occurredAt).toBe(Date.UTC(2019, 2, 20) / 1000);
		});

		it('keeps the newest first, with the id deciding between incidents of the same second', async () => {
			const at = '2019-03-25T12:00:00Z';
			const ids = [
				await insert('fraud', at, 106.55, 20.86),
				await insert('fraud', at, 106.56, 20.86),
				await insert('fraud', '2019-03-24T12:00:00Z', 106.57, 20.86)
			];
			const cols = await incidentColumns(db, filter);
			const order = ids.map((id) => cols.id.indexOf(id));
			expect(order[1]).toBeLessThan(order[0]!);
			expect(order[0]).toBeLessThan(order[2]!);
		});

		it('gives a category added later the next number, and shows its incidents by code', async () => {
			await db.query(
				`insert into incident_categories (code, article, name_vi, name_en, category_group, sort_order)
				values ('test_retired', '189', 'Thử', 'Test', 'property', 0),
					('test_smuggling', '188', 'Buôn lậu', 'Smuggling', 'property', 0)`
			);
			const [numbers] = await db.query<{ smuggling: number; retired: number; before: number }>(
				`select max(ordinal) filter (where code = 'test_smuggling') as smuggling,
					max(ordinal) filter (where code = 'test_retired') as retired,
					max(ordinal) filter (where code not like 'test_%') as before
				from incident_categories`
			);
			expect(numbers!.retired).toBe(numbers!.before + 1);
			expect(numbers!.smuggling).toBe(numbers!.before + 2);
			// A category's number never changes: stored records point at it.
			await expect(
				db.query(`update incident_categories set ordinal = 99 where code = 'test_smuggling'`)
			).rejects.toThrow(/fixed once given/);
			// A display reorder is fine and leaves the number alone.
			await db.query(
				`update incident_categories set sort_order = 40 where code = 'test_smuggling'`
			);

			const id = await insert('test_smuggling', '2019-03-12T10:00:00Z', 106.58, 20.87);
			// A number no longer in use stays empty in the header; the other records still decode.
			await db.query(`delete from incident_categories where code = 'test_retired'`);
			const header = await frameHeader();
			expect(header.categories[numbers!.smuggling - 1]).toBe('test_smuggling');
			expect(header.categories[numbers!.retired - 1]).toBe('');
			expect((await shown(id))?.category).toBe('test_smuggling');
		});

		it('refuses to frame an id the 32-bit record cannot carry, rather than send a wrong one', async () => {
			await db.query(
				`insert into incidents (id, zone_id, category, occurred_at, reported_at, geom)
				overriding system value
				values (4294967296, $1, 'theft', '2019-03-15T00:00:00Z', '2019-03-15T00:00:00Z',
					st_setsrid(st_makepoint(106.56, 20.86), 4326))`,
				[zoneId]
			);
			try {
				await expect(incidentColumnsFrame(db, filter)).rejects.toThrow(/4294967296.*uint32/);
			} finally {
				await db.query(`delete from incidents where id = 4294967296`);
			}
			expect((await incidentColumns(db, filter)).count).toBeGreaterThan(0);
		});

		it('audits a status change as a change of status, not of the derived columns', async () => {
			const id = await insert('theft', '2019-03-11T10:00:00Z', 106.56, 20.87);
			await db.query(`update incidents set status = 'handling' where id = $1`, [id]);
			const [row] = await db.query<{ details: { changed: string[] } }>(
				`select details from audit_log where entity = 'incidents' and entity_id = $1 and action = 'update'`,
				[String(id)]
			);
			expect(row!.details.changed).toEqual(['status']);
		});
	});
}
