import { length, lineString, nearestPointOnLine, point } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatKm } from '../../src/lib/domain/km';
import { offsetM, type Position } from '../../src/lib/geo/geometry';
import type { Db } from '../../src/lib/server/db/port';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';

for (const engine of ENGINES) {
	describe(`QL10 chainage on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let road: { coords: Position[]; kmStart: number; kmEnd: number };
		beforeAll(async () => {
			db = await openTestDb(engine);
			zoneId = await demoZoneId(db);
			const [row] = await db.query<{
				g: { coordinates: Position[] };
				km_start: number;
				km_end: number;
			}>(
				`select st_asgeojson(st_force2d(geom))::json as g, km_start::float8, km_end::float8 from roads where code = 'QL10'`
			);
			road = { coords: row!.g.coordinates, kmStart: row!.km_start, kmEnd: row!.km_end };
		});
		afterAll(async () => {
			await db?.close();
		});

		/** The independent computation: turf's geodesic distance along the line, scaled to the posts. */
		function turfKm(p: Position): number {
			const line = lineString(road.coords);
			const along = nearestPointOnLine(line, point(p), { units: 'kilometers' }).properties.location;
			return (
				road.kmStart + (along / length(line, { units: 'kilometers' })) * (road.kmEnd - road.kmStart)
			);
		}

		it('puts the kilometre posts at the ends of the calibrated line', async () => {
			const first = road.coords[0]!;
			const last = road.coords[road.coords.length - 1]!;
			const rows = await db.query<{ km: number }>(
				`select road_chainage_km(r.geom, st_setsrid(st_makepoint($1, $2), 4326)) as km from roads r where code = 'QL10'
				union all
				select road_chainage_km(r.geom, st_setsrid(st_makepoint($3, $4), 4326)) from roads r where code = 'QL10'`,
				[first[0], first[1], last[0], last[1]]
			);
			expect(rows[0]!.km).toBeCloseTo(20.4, 6);
			expect(rows[1]!.km).toBeCloseTo(30.968, 6);
		});

		it('gives each accident a Km+m that agrees with an independent turf computation within 10 m', async () => {
			const points: Position[] = [];
			for (let i = 0; i < 24; i++) {
				// Walk along the line and step off it by up to 30 m, as a reported position would be.
				const seg = i % (road.coords.length - 1);
				const a = road.coords[seg]!;
				const b = road.coords[seg + 1]!;
				const f = ((i * 7) % 23) / 23 + 0.02;
				const on: Position = [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
				points.push(offsetM(on, ((i % 5) - 2) * 12, ((i % 3) - 1) * 9));
			}
			const rows = await db.query<{ km: string; lon: number; lat: number }>(
				`insert into accidents (zone_id, occurred_at, geom, deaths, injuries, severity_class)
				select $1, now(), st_setsrid(st_makepoint(p.lon, p.lat), 4326), 0, 1, 4
				from jsonb_to_recordset($2::jsonb) as p(lon float8, lat float8)
				returning km::text, st_x(geom) as lon, st_y(geom) as lat`,
				[zoneId, JSON.stringify(points.map(([lon, lat]) => ({ lon, lat })))]
			);
			expect(rows).toHaveLength(points.length);
			for (const r of rows) {
				const diffM = Math.abs(Number(r.km) - turfKm([r.lon, r.lat])) * 1000;
				expect(diffM).toBeLessThan(10);
			}
		});

		it('leaves the chainage empty for an accident far from any road', async () => {
			const [row] = await db.query<{ km: string | null; road_id: string | null }>(
				`insert into accidents (zone_id, occurred_at, geom, deaths, injuries, severity_class)
				values ($1, now(), st_setsrid(st_makepoint(106.545, 20.886), 4326), 0, 0, 5)
				returning km::text, road_id`,
				[zoneId]
			);
			expect(row).toEqual({ km: null, road_id: null });
		});

		it('writes Km+m labels the same way in SQL and in the browser code', async () => {
			const values = [20.4, 27.35, 27.3504, 29.9996, 30.968, 21.005, 24.0];
			const rows = await db.query<{ v: string; label: string }>(
				`select v::text, km_label(v) as label from unnest($1::numeric[]) as v`,
				[values.map(String)]
			);
			for (const r of rows) expect(r.label).toBe(formatKm(Number(r.v)));
			expect(rows.find((r) => Number(r.v) === 27.35)!.label).toBe('Km27+350');
			expect(rows.find((r) => Number(r.v) === 29.9996)!.label).toBe('Km30+000');
		});
	});
}
