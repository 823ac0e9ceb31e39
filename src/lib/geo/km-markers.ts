/**
 * Kilometre posts along a measured road (a LineString whose vertices carry the chainage in km,
 * as /api/roads sends it in `properties.measures`). The chainage is interpolated linearly in M
 * between vertices, which is what PostGIS's ST_LocateAlong does, so a post drawn here sits where
 * the database would place the same kilometre.
 */
export type LngLat = [number, number];

export interface KmPost {
	/** Whole kilometres. */
	km: number;
	position: LngLat;
}

export function kmPosts(
	coordinates: readonly (readonly number[])[],
	measures: readonly number[],
	step = 1
): KmPost[] {
	const n = Math.min(coordinates.length, measures.length);
	const posts: KmPost[] = [];
	if (n < 2 || !(step > 0)) return posts;
	const seen = new Set<number>();
	for (let i = 0; i + 1 < n; i++) {
		const m0 = measures[i]!;
		const m1 = measures[i + 1]!;
		const a = coordinates[i]!;
		const b = coordinates[i + 1]!;
		if (m0 === m1) continue;
		const lo = Math.min(m0, m1);
		const hi = Math.max(m0, m1);
		for (let k = Math.ceil(lo / step) * step; k <= hi; k += step) {
			const km = Math.round(k * 1000) / 1000;
			if (seen.has(km)) continue;
			seen.add(km);
			const t = (km - m0) / (m1 - m0);
			posts.push({
				km,
				position: [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t]
			});
		}
	}
	return posts.sort((p, q) => p.km - q.km);
}
