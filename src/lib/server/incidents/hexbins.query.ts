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
 * scope), as GeoJSON text built by PostgreSQL; cells with no incident are omitted.
 */
export async function hexbinsGeoJSON(q: Queryable, f: HexbinFilter): Promise<string> {
	const [row] = await q.query<{ fc: string }>(
		`select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
			'type', 'Feature',
			'geometry', st_asgeojson(h.geom, 6)::json,
			'properties', json_build_object('q', h.q, 'r', h.r, 'count', h.n)
		) order by h.n desc), '[]'::json), 'cellSizeM', $5::float8)::text as fc
		from app.incident_hex_bins($1, $2, $3, $5, $4, $6) h`,
		[f.zoneId, f.from, f.to, f.categories ?? null, f.sizeM, f.statuses ?? null]
	);
	return row!.fc;
}
