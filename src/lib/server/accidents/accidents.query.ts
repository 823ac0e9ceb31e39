import type { Queryable } from '../db/port';

export interface AccidentFilter {
	zoneId: string;
	from?: Date;
	to?: Date;
}

/** Traffic accidents with their QL10 chainage (set by the linear-referencing trigger). */
export async function accidentsGeoJSON(q: Queryable, f: AccidentFilter): Promise<string> {
	const [row] = await q.query<{ fc: string }>(
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature',
			'id', a.id,
			'geometry', st_asgeojson(a.geom, 6)::json,
			'properties', json_build_object(
				'id', a.id,
				'occurredAt', to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
				'deaths', a.deaths, 'injuries', a.injuries, 'severityClass', a.severity_class,
				'vehicles', a.vehicles,
				'road', r.code,
				'km', a.km::float8,
				'kmLabel', km_label(a.km))
		) order by a.occurred_at desc), '[]'::json))::text as fc
		from accidents a left join roads r on r.id = a.road_id
		where a.zone_id = $1
			and ($2::timestamptz is null or a.occurred_at >= $2)
			and ($3::timestamptz is null or a.occurred_at < $3)`,
		[f.zoneId, f.from ?? null, f.to ?? null]
	);
	return row!.fc;
}

export interface BlackSpotFilter {
	zoneId: string;
	/** End of the 12 months examined. */
	until: Date;
	/** Section length in metres (1,000 outside urban areas, 500 in them). */
	sectionM: number;
}

/**
 * Accident black spots (app.accident_black_spots): road sections where the accidents of the 12
 * months before `until` meet the black-spot rule, as lines along the road.
 */
export async function blackSpotsGeoJSON(q: Queryable, f: BlackSpotFilter): Promise<string> {
	const [row] = await q.query<{ fc: string }>(
		`select json_build_object('type', 'FeatureCollection',
			'periodFrom', to_char(($2::timestamptz - interval '12 months') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
			'periodTo', to_char($2::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
			'sectionM', $3::int,
			'features', coalesce(json_agg(json_build_object(
			'type', 'Feature',
			'geometry', st_asgeojson(b.geom, 6)::json,
			'properties', json_build_object(
				'road', b.road_code,
				'kmFrom', b.km_from::float8, 'kmTo', b.km_to::float8,
				'kmFromLabel', km_label(b.km_from), 'kmToLabel', km_label(b.km_to),
				'accidents', b.accidents, 'fatalAccidents', b.fatal_accidents,
				'injuryAccidents', b.injury_accidents, 'deaths', b.deaths, 'injuries', b.injuries)
		) order by b.road_code, b.km_from), '[]'::json))::text as fc
		from app.accident_black_spots($1, $2, $3) b`,
		[f.zoneId, f.until, f.sectionM]
	);
	return row!.fc;
}
