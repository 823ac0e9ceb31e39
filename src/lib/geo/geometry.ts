/** Small pure geometry helpers for lon/lat coordinates (GeoJSON order: [lon, lat]). */
export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

const EARTH_RADIUS_M = 6_371_008.8;

function inRing(p: Position, ring: Ring): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i]!;
		const [xj, yj] = ring[j]!;
		if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) {
			inside = !inside;
		}
	}
	return inside;
}

/** Even-odd point-in-polygon over every polygon (holes excluded). */
export function pointInMultiPolygon(p: Position, mp: MultiPolygonCoords): boolean {
	for (const poly of mp) {
		if (!poly[0] || !inRing(p, poly[0])) continue;
		let inHole = false;
		for (let h = 1; h < poly.length; h++) if (inRing(p, poly[h]!)) inHole = true;
		if (!inHole) return true;
	}
	return false;
}

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

/** Great-circle distance in metres (haversine). */
export function distanceM(a: Position, b: Position): number {
	const toRad = Math.PI / 180;
	const dLat = (b[1] - a[1]) * toRad;
	const dLon = (b[0] - a[0]) * toRad;
	const h =
		Math.sin(dLat / 2) ** 2 +
		Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
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
