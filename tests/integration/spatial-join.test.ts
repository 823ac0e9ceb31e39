import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/port';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';

// A point in the demo's An Hòa commune, which became part of phường An Phong on 2025-07-01.
const AN_HOA_POINT = [106.546, 20.886] as const;

async function insertIncidentAt(
	db: Db,
	zoneId: string,
	occurredAt: string,
	lonLat: readonly [number, number]
) {
	const [row] = await db.query<{
		id: number;
		code: string | null;
		name: string | null;
		level: string | null;
	}>(
		`with ins as (
			insert into incidents (zone_id, category, occurred_at, reported_at, geom)
			values ($1, 'theft', $2, $2, st_setsrid(st_makepoint($3, $4), 4326))
			returning id, admin_unit_id, admin_unit_code
		)
		select ins.id, ins.admin_unit_code as code, u.name, u.level
		from ins left join admin_units u on u.id = ins.admin_unit_id`,
		[zoneId, occurredAt, lonLat[0], lonLat[1]]
	);
	return row!;
}

for (const engine of ENGINES) {
	describe(`administrative unit of an incident on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		beforeAll(async () => {
			db = await openTestDb(engine);
			zoneId = await demoZoneId(db);
		});
		afterAll(async () => {
			await db?.close();
		});

		it('gives an incident in 2020 and one in 2026 at the same point the unit in force at each time', async () => {
			const old = await insertIncidentAt(db, zoneId, '2020-06-15T10:00:00+07:00', AN_HOA_POINT);
			const now = await insertIncidentAt(db, zoneId, '2026-06-15T10:00:00+07:00', AN_HOA_POINT);
			expect(old).toMatchObject({ code: '11590', name: 'Xã An Hòa', level: 'commune' });
			expect(now).toMatchObject({ code: '11593', name: 'Phường An Phong', level: 'ward' });
		});

		it('uses the interim 2025 ward between the two reforms', async () => {
			const interim = await insertIncidentAt(db, zoneId, '2025-03-01T09:00:00+07:00', AN_HOA_POINT);
			expect(interim).toMatchObject({ code: '11590', name: 'Phường An Hòa', level: 'ward' });
		});

		it('decides the day in Vietnam time: 23:30 on 30 June 2025 is still the interim ward', async () => {
			// 2025-06-30T23:30+07:00 is 16:30 UTC on the same day, but 2025-07-01T00:30+07:00 is the next unit.
			const before = await insertIncidentAt(db, zoneId, '2025-06-30T23:30:00+07:00', AN_HOA_POINT);
			const after = await insertIncidentAt(db, zoneId, '2025-07-01T00:30:00+07:00', AN_HOA_POINT);
			expect(before.name).toBe('Phường An Hòa');
			expect(after.name).toBe('Phường An Phong');
		});

		it('re-assigns the unit when the incident is moved to another time', async () => {
			const inc = await insertIncidentAt(db, zoneId, '2020-06-15T10:00:00+07:00', AN_HOA_POINT);
			const [row] = await db.query<{ code: string }>(
				`update incidents set occurred_at = '2026-01-10T10:00:00+07:00', reported_at = '2026-01-10T11:00:00+07:00'
				where id = $1 returning admin_unit_code as code`,
				[inc.id]
			);
			expect(row!.code).toBe('11593');
		});

		it('leaves the unit empty for a point outside every unit of the zone', async () => {
			const outside = await insertIncidentAt(
				db,
				zoneId,
				'2026-06-15T10:00:00+07:00',
				[106.7, 20.95]
			);
			expect(outside.code).toBeNull();
		});

		it('assigned a unit to every demo incident', async () => {
			const [row] = await db.query<{ n: number }>(
				`select count(*)::int as n from incidents where is_demo and admin_unit_code is null`
			);
			expect(row!.n).toBe(0);
		});
	});
}
