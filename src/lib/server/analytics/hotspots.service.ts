/**
 * Hot spots (issue 12): Getis-Ord Gi* on the zone's hexagon grid for one period, and emerging
 * hot spots over monthly slices (supabase/migrations/20261130000720_hotspots.sql). The SQL checks
 * role and zone, applies the disclosure rule (aggregate-only roles: protected counts, the class
 * but no z or p) and returns a GeoJSON FeatureCollection stating the cell size and band used.
 */
import { HOTSPOT_CELL_M, type EmergingHotspots, type Hotspots } from '$lib/domain/analytics';
import type { Queryable } from '../db/port';
import { jsonAnswer } from './json-answer';

interface Grid {
	zoneId: string;
	categories?: readonly string[];
	/** Hexagon circumradius in metres (250 by default, the map's). */
	cellM?: number;
	/** Neighbourhood distance band in metres (twice the cell by default: the first ring). */
	bandM?: number;
}

export function incidentHotspots(
	q: Queryable,
	f: Grid & { from: Date; to: Date }
): Promise<Hotspots> {
	return jsonAnswer(q, 'app.incident_hotspots($1, $2, $3, $4, $5, $6)', [
		f.zoneId,
		f.from,
		f.to,
		f.cellM ?? HOTSPOT_CELL_M.default,
		f.bandM ?? null,
		f.categories ?? null
	]);
}

/** `months` whole Vietnam months (12–60) before the month of `until`. */
export function incidentEmergingHotspots(
	q: Queryable,
	f: Grid & { until: Date; months?: number }
): Promise<EmergingHotspots> {
	return jsonAnswer(q, 'app.incident_emerging_hotspots($1, $2, $3, $4, $5, $6)', [
		f.zoneId,
		f.until,
		f.months ?? 12,
		f.cellM ?? HOTSPOT_CELL_M.default,
		f.bandM ?? null,
		f.categories ?? null
	]);
}
