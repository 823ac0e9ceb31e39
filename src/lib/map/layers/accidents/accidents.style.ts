/** Colours and sizes of the accident layers, shared with their legend and the live list. */
import type { Rgb, Rgba } from '../../category-colors';

/** Severity classes of Thông tư 26/2024/TT-BCA: 1 especially serious … 5 a collision. */
export const ACCIDENT_CLASS_COLORS: Readonly<Record<1 | 2 | 3 | 4 | 5, Rgb>> = {
	1: [74, 20, 140],
	2: [183, 28, 28],
	3: [229, 57, 53],
	4: [251, 140, 0],
	5: [120, 144, 156]
};

export function accidentColor(severityClass: number): Rgb {
	const c = Math.min(5, Math.max(1, Math.round(severityClass))) as 1 | 2 | 3 | 4 | 5;
	return ACCIDENT_CLASS_COLORS[c];
}

/** Pixel radius from the people hurt (deaths + injuries): the area grows with the count. */
export function accidentRadius(victims: number): number {
	return 5 + 3.2 * Math.sqrt(Math.max(0, victims));
}

/** Accident black spots: a near-black core in a translucent red halo. */
export const BLACK_SPOT_COLOR: Rgba = [33, 33, 33, 235];
export const BLACK_SPOT_HALO: Rgba = [213, 0, 0, 110];

export const KM_POST_COLOR: Rgb = [38, 50, 56];
