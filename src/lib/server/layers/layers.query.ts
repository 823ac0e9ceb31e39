import type { Queryable } from '../db/port';

async function collection(q: Queryable, sql: string, params: unknown[]): Promise<string> {
	const [row] = await q.query<{ fc: string }>(sql, params);
	return row!.fc;
}

/** Fire/explosion-risk register; `overdue` when the last inspection is over 12 months old. */
export function fireSitesGeoJSON(q: Queryable, zoneId: string): Promise<string> {
	return collection(
		q,
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature', 'id', f.id,
			'geometry', st_asgeojson(f.geom, 6)::json,
			'properties', json_build_object(
				'id', f.id, 'facility', f.facility, 'address', f.address, 'fireClass', f.fire_class,
				'annex', f.annex, 'managingLevel', f.managing_level, 'floors', f.floors, 'areaM2', f.area_m2,
				'occupants', f.occupants, 'planApprovedOn', f.plan_approved_on::text,
				'lastInspectedOn', f.last_inspected_on::text, 'openViolations', f.open_violations,
				'overdue', f.last_inspected_on is null
					or f.last_inspected_on < (now() at time zone 'Asia/Ho_Chi_Minh')::date - interval '12 months')
		) order by f.facility), '[]'::json))::text as fc
		from fire_sites f where f.zone_id = $1`,
		[zoneId]
	);
}

/** Self-managed security teams (company teams distinct from residential and statutory ones). */
export function teamsGeoJSON(q: Queryable, zoneId: string): Promise<string> {
	return collection(
		q,
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature', 'id', t.id,
			'geometry', st_asgeojson(t.geom, 6)::json,
			'properties', json_build_object(
				'id', t.id, 'name', t.name, 'kind', t.kind, 'members', t.members,
				'adminUnitCode', t.admin_unit_code, 'establishedOn', t.established_on::text,
				'labelPoint', st_asgeojson(st_pointonsurface(t.geom), 6)::json)
		) order by t.name), '[]'::json))::text as fc
		from security_teams t where t.zone_id = $1`,
		[zoneId]
	);
}

/** Patrol routes with their coverage buffer (geodesic metres) and shift schedule. */
export function patrolRoutesGeoJSON(q: Queryable, zoneId: string): Promise<string> {
	return collection(
		q,
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature', 'id', r.id,
			'geometry', st_asgeojson(r.geom, 6)::json,
			'properties', json_build_object(
				'id', r.id, 'name', r.name, 'bufferM', r.buffer_m, 'schedule', r.schedule, 'active', r.active,
				'coverage', st_asgeojson(st_buffer(r.geom::geography, r.buffer_m)::geometry, 6)::json,
				'coverageHa', round((st_area(st_buffer(r.geom::geography, r.buffer_m)) / 10000)::numeric, 1))
		) order by r.name), '[]'::json))::text as fc
		from patrol_routes r where r.zone_id = $1`,
		[zoneId]
	);
}
