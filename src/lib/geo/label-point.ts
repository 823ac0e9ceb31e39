/**
 * Where to put HTML labels on the offline basemap (it has no glyphs, so MapLibre cannot place
 * text itself). Pure functions over GeoJSON; coordinates are [lon, lat].
 */
import {
	along,
	bbox,
	bboxClip,
	booleanPointInPolygon,
	difference,
	featureCollection,
	length
} from '@turf/turf';
import type {
	Feature,
	LineString,
	MultiLineString,
	MultiPolygon,
	Polygon,
	Position
} from 'geojson';

type Polygonal = Polygon | MultiPolygon;
type Lineal = LineString | MultiLineString;
export type LngLat = [number, number];

const GRID_STEPS = 24;

function rings(geometry: Polygonal): Position[][] {
	return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/**
 * Squared distance from p to segment ab, in a local plane where one degree of longitude is
 * shrunk by cos(latitude) so that distances are comparable in both directions.
 */
function segmentDistanceSq(p: Position, a: Position, b: Position, kx: number): number {
	const ax = (a[0]! - p[0]!) * kx;
	const ay = a[1]! - p[1]!;
	const bx = (b[0]! - p[0]!) * kx;
	const by = b[1]! - p[1]!;
	const dx = bx - ax;
	const dy = by - ay;
	const lenSq = dx * dx + dy * dy;
	const t = lenSq === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lenSq));
	const x = ax + t * dx;
	const y = ay + t * dy;
	return x * x + y * y;
}

function distanceToEdgesSq(p: Position, geometry: Polygonal, kx: number): number {
	let best = Infinity;
	for (const ring of rings(geometry)) {
		for (let i = 1; i < ring.length; i++) {
			best = Math.min(best, segmentDistanceSq(p, ring[i - 1]!, ring[i]!, kx));
		}
	}
	return best;
}

/**
 * A point well inside the polygon: the grid point farthest from every edge (a coarse
 * pole of inaccessibility). Centroids fall outside concave shapes and `pointOnFeature` can land
 * on an edge; both read badly as label anchors.
 */
export function interiorLabelPoint(geometry: Polygonal): LngLat | null {
	const [w, s, e, n] = bbox(geometry);
	const kx = Math.cos((((s + n) / 2) * Math.PI) / 180);
	let best: LngLat | null = null;
	let bestDistance = -1;
	for (let i = 0; i <= GRID_STEPS; i++) {
		for (let j = 0; j <= GRID_STEPS; j++) {
			const p: LngLat = [
				w + ((e - w) * (i + 0.5)) / (GRID_STEPS + 1),
				s + ((n - s) * (j + 0.5)) / (GRID_STEPS + 1)
			];
			if (!booleanPointInPolygon(p, geometry)) continue;
			const d = distanceToEdgesSq(p, geometry, kx);
			if (d > bestDistance) {
				bestDistance = d;
				best = p;
			}
		}
	}
	return best;
}

/**
 * Label anchor for an administrative unit that keeps clear of `avoid` (e.g. the industrial
 * park, which has its own label and sits inside a ward).
 */
export function unitLabelPoint(unit: Polygonal, avoid: readonly Polygonal[] = []): LngLat | null {
	let area: Polygonal = unit;
	if (avoid.length > 0) {
		const features: Feature<Polygonal>[] = [unit, ...avoid].map((geometry) => ({
			type: 'Feature',
			geometry,
			properties: {}
		}));
		const rest = difference(featureCollection(features));
		if (rest) area = rest.geometry;
	}
	return interiorLabelPoint(area) ?? interiorLabelPoint(unit);
}

/** The middle of the part of a road inside `extent` (the zone), where a road shield reads best. */
export function roadLabelPoint(road: Lineal, extent?: Polygonal): LngLat | null {
	const feature: Feature<Lineal> = { type: 'Feature', geometry: road, properties: {} };
	let line: Feature<Lineal> = feature;
	if (extent) {
		const clipped = bboxClip(feature, bbox(extent));
		const g = clipped.geometry;
		if ((g.type === 'LineString' || g.type === 'MultiLineString') && length(clipped) > 0) {
			line = { type: 'Feature', geometry: g, properties: {} };
		}
	}
	const parts =
		line.geometry.type === 'LineString' ? [line.geometry.coordinates] : line.geometry.coordinates;
	// along() needs a single LineString: take the longest part.
	const longest = parts
		.filter((coords) => coords.length >= 2)
		.map((coords): Feature<LineString> => ({
			type: 'Feature',
			geometry: { type: 'LineString', coordinates: coords.map((c) => [c[0]!, c[1]!]) },
			properties: {}
		}))
		.reduce<{ f: Feature<LineString>; km: number } | null>((acc, f) => {
			const km = length(f);
			return acc && acc.km >= km ? acc : { f, km };
		}, null);
	if (!longest) return null;
	const [lon, lat] = along(longest.f, longest.km / 2).geometry.coordinates;
	return [lon!, lat!];
}

/** [[west, south], [east, north]] as MapLibre's fitBounds takes it. */
export function boundsOf(geometry: Polygonal): [LngLat, LngLat] {
	const [w, s, e, n] = bbox(geometry);
	return [
		[w, s],
		[e, n]
	];
}
