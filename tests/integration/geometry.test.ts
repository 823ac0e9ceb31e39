import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/distance';
import type { MultiPolygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/port';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';

/**
 * The browser filters incidents by unit and the live stream decides a liaison officer's events
 * with turf; the database decides with PostGIS (`st_intersects` in the row-level security
 * policies, `geography` for metres). Both must give the same answers where it matters: on and
 * next to the units' edges.
 */

interface Unit {
	code: string;
	validFrom: string;
	geom: MultiPolygon;
}

/** Metres per degree of latitude, and of longitude at `lat` (enough to place test points). */
const M_PER_DEG = 111_320;

/** A point `d` metres from edge a→b at fraction `t` of it, to its left (d > 0) or right (d < 0). */
function besideEdge(a: Position, b: Position, t: number, d: number): [number, number] {
	const k = Math.cos((((a[1]! + b[1]!) / 2) * Math.PI) / 180);
	// The edge in local metres, its unit normal to the left, back to degrees.
	const ex = (b[0]! - a[0]!) * k * M_PER_DEG;
	const ey = (b[1]! - a[1]!) * M_PER_DEG;
	const len = Math.hypot(ex, ey);
	const [nx, ny] = [-ey / len, ex / len];
	return [
		a[0]! + t * (b[0]! - a[0]!) + (nx * d) / (k * M_PER_DEG),
		a[1]! + t * (b[1]! - a[1]!) + (ny * d) / M_PER_DEG
	];
}

/**
 * Every vertex of the unit (on its boundary) and points `d` metres either side of each edge, at a
 * quarter, half and three quarters of it.
 */
function probes(geom: MultiPolygon, offsets: readonly number[]): [number, number][] {
	const out: [number, number][] = [];
	for (const polygon of geom.coordinates)
		for (const ring of polygon)
			for (let i = 0; i + 1 < ring.length; i++) {
				const a = ring[i]!;
				const b = ring[i + 1]!;
				out.push([a[0]!, a[1]!]);
				// Edges shorter than twice the offset would put the point past a neighbouring edge.
				const lengthM = distance(a, b, { units: 'meters' });
				for (const d of offsets)
					if (lengthM > 8 * d)
						for (const t of [0.25, 0.5, 0.75])
							out.push(besideEdge(a, b, t, d), besideEdge(a, b, t, -d));
			}
	return out;
}

for (const engine of ENGINES) {
	describe(`turf and PostGIS on ${engine}`, () => {
		let db: Db;
		let units: Unit[];

		beforeAll(async () => {
			db = await openTestDb(engine);
			const zoneId = await demoZoneId(db);
			// Full precision (15 digits): turf and PostGIS must test the same polygon.
			units = (
				await db.query<{ code: string; valid_from: string; geom: string }>(
					`select code, valid_from::text, st_asgeojson(geom, 15) as geom
					from admin_units where zone_id = $1 order by code, valid_from`,
					[zoneId]
				)
			).map((r) => ({
				code: r.code,
				validFrom: r.valid_from,
				geom: JSON.parse(r.geom) as MultiPolygon
			}));
		});
		afterAll(async () => {
			await db?.close();
		});

		/** PostGIS's answers for the points against the unit: on geometry and on geography. */
		async function postgis(unit: Unit, points: [number, number][]) {
			return db.query<{ geometry: boolean; geography: boolean }>(
				`select st_intersects(u.g, p.g) as geometry,
					st_intersects(u.g::geography, p.g::geography) as geography
				from (select st_setsrid(st_geomfromgeojson($1), 4326) as g) u
				cross join lateral (
					select e.i, st_setsrid(st_makepoint((e.v->>0)::float8, (e.v->>1)::float8), 4326) as g
					from json_array_elements($2::json) with ordinality as e(v, i)
				) p
				order by p.i`,
				[JSON.stringify(unit.geom), JSON.stringify(points)]
			);
		}

		it('has the demo units to test against (every period: communes, interim and current wards)', () => {
			expect(units.length).toBeGreaterThanOrEqual(10);
		});

		it('agrees with st_intersects on geometry (the access policies) for every vertex and points 1 mm to 10 m either side of every edge', async () => {
			let tested = 0;
			for (const unit of units) {
				const points = probes(unit.geom, [0.001, 0.01, 1, 10]);
				const sql = await postgis(unit, points);
				const disagreements = points.filter(
					(p, i) => booleanPointInPolygon(p, unit.geom) !== sql[i]!.geometry
				);
				expect({ unit: unit.code, from: unit.validFrom, disagreements }).toEqual({
					unit: unit.code,
					from: unit.validFrom,
					disagreements: []
				});
				tested += points.length;
			}
			expect(tested).toBeGreaterThan(1000);
		});

		it('agrees with st_intersects on geography for every vertex and points 20 cm to 10 m either side of every edge', async () => {
			// On geography an edge is a great-circle arc, not a straight line in lon/lat as for turf
			// and for st_intersects on geometry. Along the demo's edges (up to 4.5 km) the two part by
			// 10 to 20 cm at most (measured: points 10 cm off an edge disagree, 20 cm never).
			for (const unit of units) {
				const points = probes(unit.geom, [0.2, 1, 10]);
				const sql = await postgis(unit, points);
				const disagreements = points.filter(
					(p, i) => booleanPointInPolygon(p, unit.geom) !== sql[i]!.geography
				);
				expect({ unit: unit.code, disagreements }).toEqual({ unit: unit.code, disagreements: [] });
			}
		});

		it('measures the same distances as st_distance on geography: within 1 mm on the sphere, 0.5 % on the spheroid', async () => {
			// From each unit's first vertex to every vertex of every unit, and to points 1 m off an edge.
			const pairs: [[number, number], [number, number]][] = [];
			for (const from of units) {
				const a = from.geom.coordinates[0]![0]![0]!;
				for (const to of units)
					for (const b of probes(to.geom, [1])) pairs.push([[a[0]!, a[1]!], b]);
			}
			const sql = await db.query<{ sphere: number; spheroid: number }>(
				`select st_distance(a, b, false) as sphere, st_distance(a, b) as spheroid
				from json_array_elements($1::json) with ordinality as e(v, i),
					lateral (select
						st_setsrid(st_makepoint((v->0->>0)::float8, (v->0->>1)::float8), 4326)::geography as a,
						st_setsrid(st_makepoint((v->1->>0)::float8, (v->1->>1)::float8), 4326)::geography as b) g
				order by i`,
				[JSON.stringify(pairs)]
			);
			let longest = 0;
			pairs.forEach(([a, b], i) => {
				const turf = distance(a, b, { units: 'meters' });
				const { sphere, spheroid } = sql[i]!;
				longest = Math.max(longest, turf);
				expect(Math.abs(turf - Number(sphere))).toBeLessThan(0.001);
				expect(Math.abs(turf - Number(spheroid))).toBeLessThanOrEqual(
					0.005 * Number(spheroid) + 0.001
				);
			});
			expect(pairs.length).toBeGreaterThan(1000);
			expect(longest).toBeGreaterThan(3000);
		});
	});
}
