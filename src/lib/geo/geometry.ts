/**
 * Small pure geometry helpers for lon/lat coordinates (GeoJSON order: [lon, lat]). Point-in-polygon
 * and distance are turf's (`@turf/boolean-point-in-polygon`, `@turf/distance`), tested to agree
 * with PostGIS in tests/integration/geometry.test.ts.
 */
export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

export function bboxOf(mp: MultiPolygonCoords): [number, number, number, number] {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const poly of mp)
		for (const [x, y] of poly[0] ?? []) {
			if (x < minX) minX = x;
			if (y < minY) minY = y;
			if (x > maxX) maxX = x;
			if (y > maxY) maxY = y;
		}
	return [minX, minY, maxX, maxY];
}

/** Moves a point by metres east/north (local flat approximation, fine below a few km). */
export function offsetM(p: Position, eastM: number, northM: number): Position {
	const lat = p[1] + northM / 111_320;
	const lon = p[0] + eastM / (111_320 * Math.cos((p[1] * Math.PI) / 180));
	return [lon, lat];
}

/** A regular n-gon approximating a circle, as a closed ring. */
export function circleRing(center: Position, radiusM: number, sides = 16): Ring {
	const ring: Ring = [];
	for (let i = 0; i < sides; i++) {
		const a = (2 * Math.PI * i) / sides;
		ring.push(offsetM(center, radiusM * Math.cos(a), radiusM * Math.sin(a)));
	}
	ring.push(ring[0]!);
	return ring;
}
