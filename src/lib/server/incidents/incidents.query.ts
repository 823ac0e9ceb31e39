import { decodeIncidentFrame } from '$lib/domain/incident-wire';
import type { IncidentColumns } from '$lib/domain/live-layers';
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

/**
 * The viewport query: the incidents of a period inside a box, newest first, as the binary frame
 * of `$lib/domain/incident-wire`, written whole by `app.incident_frame` (migration
 * 20261128000100). Each row stores its 20-byte record (`frame_record`) and the time index
 * carries it, so PostgreSQL reads the view from the index alone, in order, and only concatenates
 * bytes; the frame then travels as raw bytes (a binary cursor, see `Queryable.bytes`). No sort, no
 * per-row arithmetic, no JSON and no JavaScript object per incident: at 1M incidents a 30-day
 * 5 × 5 km box is ~13,000 points, ~260 kB.
 */
export async function incidentColumnsFrame(
	q: Queryable,
	f: IncidentFilter
): Promise<Uint8Array<ArrayBuffer>> {
	return q.bytes(`select app.incident_frame($1, $2, $3, $4, $5, $6)`, [
		f.zoneId,
		f.from ?? null,
		f.to ?? null,
		f.categories ?? null,
		f.bbox ? [...f.bbox] : null,
		f.limit
	]);
}

/** The same incidents decoded (the JSON form of the endpoint, tests and benchmarks). */
export async function incidentColumns(q: Queryable, f: IncidentFilter): Promise<IncidentColumns> {
	const cols = decodeIncidentFrame(await incidentColumnsFrame(q, f));
	if (!cols) throw new Error('incidentColumns: the database wrote a malformed frame');
	return cols;
}
