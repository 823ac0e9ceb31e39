/**
 * The browser's instant preview of a plan's coverage while drawing (turf). PostGIS is
 * authoritative (app.patrol_coverage, buffers in EPSG:32648); this follows the same rule — every
 * item covers the ground within its buffer radius, unioned, clipped to the zone — and is tested
 * to agree with it within 2 % of area (tests/integration/patrol-coverage.test.ts).
 */
import {
	area,
	buffer,
	featureCollection,
	feature as turfFeature,
	intersect,
	union
} from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';

export interface CoverageItem {
	geometry: Geometry;
	bufferM: number;
}

export interface CoveragePreview {
	/** The covered ground inside the zone, or null when nothing is covered. */
	geometry: Polygon | MultiPolygon | null;
	areaM2: number;
	zoneAreaM2: number;
	zoneSharePct: number;
}

/** Segments per quarter circle, as PostGIS's quad_segs=8 in the database. */
const STEPS = 8;

/** Buffers, union, clip to the zone; areas geodesic (turf's sphere). */
export function previewCoverage(
	items: readonly CoverageItem[],
	zone: Polygon | MultiPolygon
): CoveragePreview {
	const zoneFeature = turfFeature(zone);
	const zoneAreaM2 = area(zoneFeature);
	const buffers = items
		.map((it) => buffer(turfFeature(it.geometry), it.bufferM, { units: 'meters', steps: STEPS }))
		.filter((f): f is Feature<Polygon | MultiPolygon> => f !== undefined && f !== null);
	if (buffers.length === 0) return { geometry: null, areaM2: 0, zoneAreaM2, zoneSharePct: 0 };
	const merged = buffers.length === 1 ? buffers[0]! : union(featureCollection(buffers));
	const clipped = merged ? intersect(featureCollection([merged, zoneFeature])) : null;
	const areaM2 = clipped ? area(clipped) : 0;
	return {
		geometry: clipped?.geometry ?? null,
		areaM2,
		zoneAreaM2,
		zoneSharePct: zoneAreaM2 > 0 ? (100 * areaM2) / zoneAreaM2 : 0
	};
}
