import type { Queryable } from '../db/port';

/** The zone a request is about: the named one, or the first zone when none is named. */
export async function resolveZone(
	q: Queryable,
	code?: string
): Promise<{ id: string; code: string } | undefined> {
	const rows = await q.query<{ id: string; code: string }>(
		code
			? 'select id, code from zones where code = $1'
			: 'select id, code from zones order by created_at, code limit 1',
		code ? [code] : []
	);
	return rows[0];
}

async function collection(q: Queryable, sql: string, params: unknown[]): Promise<string> {
	const [row] = await q.query<{ fc: string }>(sql, params);
	return row!.fc;
}

// Each query builds the FeatureCollection in PostgreSQL. Areas are geodesic (geography, m²).
export function zonesGeoJSON(q: Queryable): Promise<string> {
	return collection(
		q,
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature',
			'id', z.id,
			'geometry', st_asgeojson(z.boundary, 6)::json,
			'properties', json_build_object(
				'id', z.id, 'code', z.code, 'name', z.name,
				'areaHa', round((st_area(z.boundary::geography) / 10000)::numeric, 2),
				'validFrom', z.valid_from::text, 'validTo', z.valid_to::text,
				'isDemo', z.is_demo, 'metadata', z.metadata)
		) order by z.code), '[]'::json))::text as fc
		from zones z`,
		[]
	);
}

export function parksGeoJSON(q: Queryable): Promise<string> {
	return collection(
		q,
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature',
			'id', p.id,
			'geometry', st_asgeojson(p.boundary, 6)::json,
			'properties', json_build_object(
				'id', p.id, 'code', p.code, 'name', p.name, 'zoneId', p.zone_id,
				'areaHa', round((st_area(p.boundary::geography) / 10000)::numeric, 2),
				'declaredAreaHa', p.declared_area_ha)
		) order by p.name), '[]'::json))::text as fc
		from industrial_parks p`,
		[]
	);
}

/** Units in force on a local calendar date (validity periods, not overwritten boundaries). */
export function adminUnitsGeoJSON(q: Queryable, zoneId: string, at: string): Promise<string> {
	return collection(
		q,
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature',
			'id', u.id,
			'geometry', st_asgeojson(u.geom, 6)::json,
			'properties', json_build_object(
				'id', u.id, 'code', u.code, 'name', u.name, 'level', u.level,
				'validFrom', u.valid_from::text, 'validTo', u.valid_to::text,
				'areaHa', round((st_area(u.geom::geography) / 10000)::numeric, 2),
				'labelPoint', st_asgeojson(st_pointonsurface(u.geom), 6)::json)
		) order by u.code), '[]'::json))::text as fc
		from admin_units u
		where u.zone_id = $1 and u.valid_from <= $2::date and (u.valid_to is null or u.valid_to >= $2::date)`,
		[zoneId, at]
	);
}

export function roadsGeoJSON(q: Queryable, zoneId: string): Promise<string> {
	return collection(
		q,
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature',
			'id', r.id,
			'geometry', st_asgeojson(st_force2d(r.geom), 6)::json,
			'properties', json_build_object(
				'id', r.id, 'code', r.code, 'name', r.name,
				'kmStart', r.km_start::float8, 'kmEnd', r.km_end::float8,
				'measures', (select json_agg(round(st_m(d.geom)::numeric, 3)) from st_dumppoints(r.geom) d))
		) order by r.code), '[]'::json))::text as fc
		from roads r where r.zone_id = $1`,
		[zoneId]
	);
}
