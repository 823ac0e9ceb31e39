import type { Queryable } from '../db/port';

export interface HexbinFilter {
	zoneId: string;
	from: Date;
	to: Date;
	categories?: readonly string[];
	/** Only incidents in these statuses; every status when omitted. */
	statuses?: readonly string[];
	sizeM: number;
}

/**
 * Hexagon counts computed in PostGIS (`app.incident_hex_bins`, which checks the caller's zone
 * scope and applies the disclosure rule), as GeoJSON text built by PostgreSQL; cells with no
 * incident are omitted. For an aggregate-only role the window is the whole days it was widened to
 * (`window`), and a count below 3 is `null` with `suppressed: true`; `total` is the sum of the
 * published counts.
 */
export async function hexbinsGeoJSON(q: Queryable, f: HexbinFilter): Promise<string> {
	const [row] = await q.query<{ fc: string }>(
		`with h as (select * from app.incident_hex_bins($1, $2, $3, $5, $4, $6)),
			w as (select * from app.aggregate_window($2, $3))
		select json_build_object('type', 'FeatureCollection',
			'features', (select coalesce(json_agg(json_build_object(
				'type', 'Feature',
				'geometry', st_asgeojson(h.geom, 6)::json,
				'properties', json_build_object('q', h.q, 'r', h.r, 'count', h.n, 'suppressed', h.n is null)
			) order by h.n desc nulls last), '[]'::json) from h),
			'cellSizeM', $5::float8,
			'window', json_build_object('from', app.iso_instant(w.window_from), 'to', app.iso_instant(w.window_to)),
			'disclosure', case when w.protected then 'protected' else 'exact' end,
			'total', (select case when w.protected then nullif(coalesce(sum(h.n), 0), 0)
				else coalesce(sum(h.n), 0) end from h),
			'suppressed', (select coalesce(bool_or(h.n is null), false) from h)
		)::text as fc
		from w`,
		[f.zoneId, f.from, f.to, f.categories ?? null, f.sizeM, f.statuses ?? null]
	);
	return row!.fc;
}
