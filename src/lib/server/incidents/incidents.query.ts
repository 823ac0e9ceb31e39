import type { Queryable } from '../db/port';

export interface IncidentFilter {
	zoneId: string;
	bbox?: readonly [number, number, number, number];
	from?: Date;
	to?: Date;
	categories?: string[];
	limit: number;
}

/** $1…$9 of the incident filters, in the order WHERE and the bbox test use them. */
function filterParams(f: IncidentFilter): unknown[] {
	const [minLon, minLat, maxLon, maxLat] = f.bbox ?? [null, null, null, null];
	return [
		f.zoneId,
		f.from ?? null,
		f.to ?? null,
		f.categories ?? null,
		minLon,
		minLat,
		maxLon,
		maxLat,
		f.limit
	];
}

const WHERE = `i.zone_id = $1
	and ($2::timestamptz is null or i.occurred_at >= $2)
	and ($3::timestamptz is null or i.occurred_at < $3)
	and ($4::text[] is null or i.category = any ($4))`;

/**
 * Incidents as GeoJSON, newest first, at most `limit` (the response says when it was cut).
 * The bbox test uses the GiST index (&&) with an envelope in SRID 4326.
 */
export async function incidentsGeoJSON(
	q: Queryable,
	f: IncidentFilter
): Promise<{ body: string; count: number; truncated: boolean }> {
	const [row] = await q.query<{ fc: string; n: number }>(
		`with picked as (
			select i.id, i.category, c.category_group, i.occurred_at, i.severity, i.status, i.admin_unit_code, i.geom,
				row_number() over (order by i.occurred_at desc, i.id desc) as rn
			from incidents i join incident_categories c on c.code = i.category
			where ${WHERE}
				and ($5::float8 is null or i.geom && st_makeenvelope($5, $6, $7, $8, 4326))
			order by i.occurred_at desc, i.id desc
			limit $9::int + 1
		)
		select count(*)::int as n, json_build_object('type', 'FeatureCollection', 'truncated', count(*) > $9::int,
			'features', coalesce(json_agg(json_build_object(
			'type', 'Feature',
			'id', p.id,
			'geometry', st_asgeojson(p.geom, 6)::json,
			'properties', json_build_object(
				'id', p.id, 'category', p.category, 'categoryGroup', p.category_group,
				'occurredAt', to_char(p.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
				'severity', p.severity, 'status', p.status, 'adminUnitCode', p.admin_unit_code)
		) order by p.rn) filter (where p.rn <= $9::int), '[]'::json))::text as fc
		from picked p`,
		filterParams(f)
	);
	// One row beyond the limit is fetched only to tell the caller that the result was cut.
	const truncated = row!.n > f.limit;
	return { body: row!.fc, count: Math.min(row!.n, f.limit), truncated };
}

export interface HexbinFilter {
	zoneId: string;
	from: Date;
	to: Date;
	categories?: string[];
	sizeM: number;
}

/** Hexagon counts computed in PostGIS (incident_hex_bins); cells with no incident are omitted. */
export async function incidentHexbinsGeoJSON(q: Queryable, f: HexbinFilter): Promise<string> {
	const [row] = await q.query<{ fc: string }>(
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature',
			'geometry', st_asgeojson(h.geom, 6)::json,
			'properties', json_build_object('q', h.q, 'r', h.r, 'count', h.n)
		) order by h.n desc), '[]'::json), 'cellSizeM', $5::float8)::text as fc
		from app.incident_hex_bins($1, $2, $3, $5, $4) h`,
		[f.zoneId, f.from, f.to, f.categories ?? null, f.sizeM]
	);
	return row!.fc;
}

/** Incidents as parallel arrays: the compact form the map loads for a viewport. */
export interface IncidentColumns {
	count: number;
	truncated: boolean;
	id: number[];
	lon: number[];
	lat: number[];
	category: string[];
	severity: number[];
	status: string[];
	/** Seconds since 1970-01-01T00:00:00Z. */
	occurredAt: number[];
}

/**
 * The viewport query: the incidents of a period inside a box, newest first, as columns built by
 * PostgreSQL in one row (JSON text, sent as it is). It reads the lon/lat float columns and the
 * time index; about 40 bytes a point on the wire instead of ~300 for a GeoJSON feature.
 */
export async function incidentColumnsJson(q: Queryable, f: IncidentFilter): Promise<string> {
	const [row] = await q.query<{ body: string }>(
		`with picked as (
			select i.id, i.lon, i.lat, i.category, i.severity, i.status, i.occurred_at,
				row_number() over (order by i.occurred_at desc, i.id desc) as rn
			from incidents i
			where ${WHERE}
				and ($5::float8 is null or i.geom && st_makeenvelope($5, $6, $7, $8, 4326))
			order by i.occurred_at desc, i.id desc
			limit $9::int + 1
		)
		select json_build_object(
			'count', least(count(*), $9::int),
			'truncated', count(*) > $9::int,
			'id', coalesce(json_agg(p.id order by p.rn) filter (where p.rn <= $9::int), '[]'),
			'lon', coalesce(json_agg(round(p.lon::numeric, 6) order by p.rn) filter (where p.rn <= $9::int), '[]'),
			'lat', coalesce(json_agg(round(p.lat::numeric, 6) order by p.rn) filter (where p.rn <= $9::int), '[]'),
			'category', coalesce(json_agg(p.category order by p.rn) filter (where p.rn <= $9::int), '[]'),
			'severity', coalesce(json_agg(p.severity order by p.rn) filter (where p.rn <= $9::int), '[]'),
			'status', coalesce(json_agg(p.status order by p.rn) filter (where p.rn <= $9::int), '[]'),
			'occurredAt', coalesce(json_agg(extract(epoch from p.occurred_at)::int8 order by p.rn) filter (where p.rn <= $9::int), '[]')
		)::text as body
		from picked p`,
		filterParams(f)
	);
	return row!.body;
}

/** The same, parsed (tests and benchmarks). */
export async function incidentColumns(q: Queryable, f: IncidentFilter): Promise<IncidentColumns> {
	return JSON.parse(await incidentColumnsJson(q, f)) as IncidentColumns;
}
