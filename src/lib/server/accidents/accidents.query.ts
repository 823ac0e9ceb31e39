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
