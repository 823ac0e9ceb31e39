/**
 * Pure operations on the columnar incidents the map draws: live changes are merged here
 * (new arrays each time, so deck.gl sees new data and Svelte sees a new value).
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { IncidentColumns, LiveIncident } from '$lib/domain/live-layers';
import type { MultiPolygonCoords } from '$lib/geo/geometry';

export interface IncidentRow {
	id: number;
	lon: number;
	lat: number;
	category: string;
	severity: number;
	status: string;
	/** Epoch seconds. */
	occurredAt: number;
}

const KEYS = ['id', 'lon', 'lat', 'category', 'severity', 'status', 'occurredAt'] as const;

export function emptyColumns(): IncidentColumns {
	return {
		count: 0,
		truncated: false,
		id: [],
		lon: [],
		lat: [],
		category: [],
		severity: [],
		status: [],
		occurredAt: []
	};
}

export function rowOf(f: LiveIncident): IncidentRow {
	return {
		id: f.id,
		lon: f.geometry.coordinates[0],
		lat: f.geometry.coordinates[1],
		category: f.properties.category,
		severity: f.properties.severity,
		status: f.properties.status,
		occurredAt: Math.floor(new Date(f.properties.occurredAt).getTime() / 1000)
	};
}

export function rowAt(cols: IncidentColumns, i: number): IncidentRow {
	return {
		id: cols.id[i]!,
		lon: cols.lon[i]!,
		lat: cols.lat[i]!,
		category: cols.category[i]!,
		severity: cols.severity[i]!,
		status: cols.status[i]!,
		occurredAt: cols.occurredAt[i]!
	};
}

/** The columns without incident `id` (unchanged object when it is not there). */
export function withoutIncident(cols: IncidentColumns, id: number): IncidentColumns {
	const at = cols.id.indexOf(id);
	if (at === -1) return cols;
	const out = { ...cols, count: cols.count - 1 } as IncidentColumns;
	for (const k of KEYS) {
		const col = (cols[k] as unknown[]).slice();
		col.splice(at, 1);
		(out as unknown as Record<string, unknown[]>)[k] = col;
	}
	return out;
}

/** The columns with `row` first (newest first), replacing an older version of it. */
export function withIncident(cols: IncidentColumns, row: IncidentRow): IncidentColumns {
	const base = withoutIncident(cols, row.id);
	const out = { ...base, count: base.count + 1 } as IncidentColumns;
	for (const k of KEYS) {
		(out as unknown as Record<string, unknown[]>)[k] = [row[k], ...(base[k] as unknown[])];
	}
	return out;
}

export interface RowFilter {
	/** Empty: every status. */
	statuses: readonly string[];
	/** The chosen administrative unit's geometry, or null for the whole zone. */
	area: MultiPolygonCoords | null;
}

/**
 * Row numbers of the incidents that pass the filters the API does not apply (status and
 * administrative unit, the latter a point-in-polygon test against the unit in force).
 */
export function visibleRows(cols: IncidentColumns, f: RowFilter): number[] {
	const statuses = f.statuses.length > 0 ? new Set(f.statuses) : null;
	const area = f.area && { type: 'MultiPolygon' as const, coordinates: f.area };
	const rows: number[] = [];
	for (let i = 0; i < cols.id.length; i++) {
		if (statuses && !statuses.has(cols.status[i]!)) continue;
		if (area && !booleanPointInPolygon([cols.lon[i]!, cols.lat[i]!], area)) continue;
		rows.push(i);
	}
	return rows;
}

/**
 * Counts of `rows` in `bins` equal slices of [from, to) (epoch s), for the time slider's
 * histogram. Incidents outside the range (a live one stamped slightly ahead) fall in the
 * nearest end bin.
 */
export function timeHistogram(
	occurredAt: ArrayLike<number>,
	rows: readonly number[],
	from: number,
	to: number,
	bins: number
): number[] {
	const counts = new Array<number>(bins).fill(0);
	const span = to - from;
	if (bins <= 0 || span <= 0) return counts;
	for (const i of rows) {
		const k = Math.floor(((occurredAt[i]! - from) / span) * bins);
		counts[k < 0 ? 0 : k >= bins ? bins - 1 : k]!++;
	}
	return counts;
}
