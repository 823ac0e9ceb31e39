import { ScatterplotLayer } from '@deck.gl/layers';
import { CATEGORIES, type CategoryGroup } from '$lib/domain/categories';
import type { IncidentColumns } from '$lib/domain/live-layers';
import { formatDateTime } from '$lib/i18n/format';
import { isMessageKey } from '$lib/i18n/messages';
import { GROUP_COLORS, type Rgb } from '../../category-colors';
import type { LayerDraw } from '../layer-spec';

export const INCIDENT_POINTS_LAYER_ID = 'incident-points';

/** Radius in pixels grows with severity (1 less serious … 4 especially serious). */
export function incidentRadius(severity: number): number {
	return 4 + Math.min(Math.max(severity, 1), 4) * 1.5;
}

const GROUP_OF = new Map<string, CategoryGroup>(CATEGORIES.map((c) => [c.code, c.group]));

/**
 * The points as deck.gl binary attributes: one typed array per attribute, filled in one pass.
 * Accessor functions would allocate a position array per point and run again for every point
 * whenever anything changes (100,000 points: hundreds of milliseconds on the main thread per
 * live update); typed arrays are built in a few milliseconds and uploaded as they are.
 */
export interface PointAttributes {
	length: number;
	/** The row numbers (into the columns) of the points, in drawing order: picking's index → row. */
	rows: readonly number[];
	/** lon, lat pairs. Float64: deck.gl splits them for its 64-bit position emulation. */
	positions: Float64Array;
	/** RGBA, 0–255. */
	colors: Uint8Array;
	/** Pixels. */
	radii: Float32Array;
}

export function pointAttributes(
	cols: IncidentColumns,
	rows: readonly number[],
	colors: Readonly<Record<CategoryGroup, Rgb>>
): PointAttributes {
	const n = rows.length;
	const positions = new Float64Array(n * 2);
	const fill = new Uint8Array(n * 4);
	const radii = new Float32Array(n);
	for (let j = 0; j < n; j++) {
		const i = rows[j]!;
		positions[2 * j] = cols.lon[i]!;
		positions[2 * j + 1] = cols.lat[i]!;
		const c = colors[GROUP_OF.get(cols.category[i]!) ?? 'order'];
		fill[4 * j] = c[0];
		fill[4 * j + 1] = c[1];
		fill[4 * j + 2] = c[2];
		fill[4 * j + 3] = 235;
		radii[j] = incidentRadius(cols.severity[i]!);
	}
	return { length: n, rows, positions, colors: fill, radii };
}

export interface IncidentPointsOptions {
	opacity: number;
	/** The map's zoom: below street level points shrink and lose their outline. */
	zoom: number;
	pickable?: boolean;
}

/**
 * How much of its full size a point is drawn at a zoom. Tens of thousands of full-size dots at
 * district scale only blur into each other, and each pixel is work for the GPU (software WebGL
 * in headless browsers draws 100,000 full-size points in seconds).
 */
export function pointScale(zoom: number): number {
	return zoom >= 15 ? 1 : zoom >= 14 ? 0.6 : 0.45;
}

/**
 * Incidents from the columnar API as points coloured by category group. Build `points` with
 * `pointAttributes` only when the data or filters change: the same object means deck.gl
 * uploads nothing again.
 */
export function incidentPointsLayer(
	points: PointAttributes,
	{ opacity, zoom, pickable = true }: IncidentPointsOptions
): ScatterplotLayer {
	return new ScatterplotLayer({
		id: INCIDENT_POINTS_LAYER_ID,
		data: {
			length: points.length,
			attributes: {
				getPosition: { value: points.positions, size: 2 },
				getFillColor: { value: points.colors, size: 4, normalized: true },
				getRadius: { value: points.radii, size: 1 }
			}
		},
		opacity,
		pickable,
		radiusScale: pointScale(zoom),
		stroked: zoom >= 15,
		filled: true,
		radiusUnits: 'pixels',
		lineWidthUnits: 'pixels',
		getLineColor: [255, 255, 255, 240],
		getLineWidth: 1.5,
		autoHighlight: pickable,
		highlightColor: [255, 214, 0, 255]
	});
}

/**
 * The point nearest to lon/lat within `tolerance` degrees of longitude (a few pixels at the
 * current zoom), as an index into `points`, or -1. A linear scan of the typed arrays (100,000
 * points: about a millisecond): used for clicks when there are too many points to pick on the GPU
 * without stalling the main thread.
 */
export function nearestPoint(
	points: PointAttributes,
	lon: number,
	lat: number,
	tolerance: number
): number {
	const k = Math.cos((lat * Math.PI) / 180);
	const limit = tolerance * k * (tolerance * k);
	let best = -1;
	let bestD = limit;
	const pos = points.positions;
	for (let j = 0; j < points.length; j++) {
		const dx = (pos[2 * j]! - lon) * k;
		const dy = pos[2 * j + 1]! - lat;
		const d = dx * dx + dy * dy;
		if (d <= bestD) {
			bestD = d;
			best = j;
		}
	}
	return best;
}

/** Above this many points nothing is picked on the GPU (see `cpuPick`). */
export const HOVER_PICK_MAX_POINTS = 20_000;

interface PointsInput {
	cols: IncidentColumns;
	points: PointAttributes;
	/** Whole zoom: size and outline change there. */
	zoom: number;
}

/** The typed arrays of the rows on screen, rebuilt only when the data or the filters change. */
const pointsOf = (() => {
	const cache = new WeakMap<
		readonly number[],
		{ cols: IncidentColumns; points: PointAttributes }
	>();
	return (cols: IncidentColumns, rows: readonly number[]): PointAttributes => {
		const hit = cache.get(rows);
		if (hit?.cols === cols) return hit.points;
		const points = pointAttributes(cols, rows, GROUP_COLORS);
		cache.set(rows, { cols, points });
		return points;
	};
})();

const CATEGORY_BY_CODE = new Map<string, (typeof CATEGORIES)[number]>(
	CATEGORIES.map((c) => [c.code, c])
);

/** The incidents as points, when CommandMap shows them so; a click opens one. */
export const draw: LayerDraw<PointsInput> = {
	key: 'incidents',
	z: 90,
	ids: [INCIDENT_POINTS_LAYER_ID],
	input: ({ cmd, zoom }) =>
		cmd.incidentDisplay === 'points' && cmd.columns.data
			? { cols: cmd.columns.data, points: pointsOf(cmd.columns.data, cmd.rows), zoom }
			: null,
	layers: ({ points, zoom }, { opacity }) => [incidentPointsLayer(points, { opacity, zoom })],
	// Binary attributes have no object per point, only its index.
	tooltip: ({ index }, { cols, points }, { t, lang }) => {
		const row = index < 0 ? undefined : points.rows[index];
		if (row === undefined) return null;
		const code = cols.category[row]!;
		const c = CATEGORY_BY_CODE.get(code);
		const name = c ? `${c[lang]} (${t('incident.article', { article: c.article })})` : code;
		const status = cols.status[row]!;
		const statusKey = `incident.status.${status}`;
		return [
			name,
			formatDateTime(new Date(cols.occurredAt[row]! * 1000)),
			`${t('incident.severity')}: ${cols.severity[row]}`,
			isMessageKey(statusKey) ? t(statusKey) : status
		].join('\n');
	},
	selects: ({ index }, { cols, points }) => {
		const row = points.rows[index];
		return row === undefined ? null : cols.id[row]!;
	},
	// Reading the picking buffer back waits for the frames in flight (seconds for 100,000 points
	// in software WebGL), so hovering would stall the page. Tooltips pause; a click finds its
	// point on the CPU instead.
	cpuPick: {
		needed: ({ points }) => points.length > HOVER_PICK_MAX_POINTS,
		at: ({ cols, points }, lon, lat, tolerance) => {
			const j = nearestPoint(points, lon, lat, tolerance);
			return j >= 0 ? cols.id[points.rows[j]!]! : null;
		}
	}
};
