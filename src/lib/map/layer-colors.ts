/**
 * Colours and sizes shared by the deck.gl layers and their legends (one source, so the legend
 * can never disagree with the map). No deck.gl import: the legend is in the page shell.
 */
import type { FireClass, TeamKind } from '$lib/domain/live-layers';
import type { Rgb } from './category-colors';

export type Rgba = readonly [number, number, number, number];

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

export const FIRE_CLASS_COLORS: Readonly<Record<FireClass, Rgb>> = {
	explosion_risk: [198, 40, 40],
	fire_managed: [245, 124, 0],
	police_managed: [255, 193, 7],
	commune_managed: [141, 110, 99]
};

/** The ring drawn around a site whose inspection is overdue. */
export const OVERDUE_RING: Rgb = [213, 0, 0];

export const TEAM_KIND_COLORS: Readonly<Record<TeamKind, Rgb>> = {
	company: [0, 131, 143],
	residential: [67, 160, 71],
	statutory: [121, 85, 72]
};

export const PATROL_COLOR: Rgb = [63, 81, 181];

export const KM_POST_COLOR: Rgb = [38, 50, 56];

/** Hexagon counts: light to dark, readable on the light basemap. */
export const HEX_RAMP: readonly Rgb[] = [
	[255, 241, 118],
	[255, 202, 40],
	[255, 143, 0],
	[239, 83, 80],
	[198, 40, 40],
	[136, 14, 79]
];

/**
 * Lower bounds of the ramp's classes: square-spaced up to the busiest cell, so the many quiet
 * cells still differ from each other and the few hot ones stand out (quantiles would hide the
 * one cell that matters). `min`: the smallest count a cell can show (3 for protected counts).
 */
export function hexBreaks(max: number, min = 1): number[] {
	const top = Math.max(max, HEX_RAMP.length);
	const out: number[] = [];
	for (let i = 0; i < HEX_RAMP.length; i++) {
		const b = Math.max(min, Math.round(top * (i / HEX_RAMP.length) ** 2));
		out.push(Math.max(b, (out[i - 1] ?? 0) + 1));
	}
	return out;
}

/** Opacity (0–255) of a hexagon whose count is suppressed ("< 3"). */
export const SUPPRESSED_ALPHA = 80;

export function hexColor(count: number, breaks: readonly number[]): Rgb {
	let k = 0;
	for (let i = 0; i < breaks.length; i++) if (count >= breaks[i]!) k = i;
	return HEX_RAMP[k]!;
}

/** Heatmap, cold to hot (bản đồ nhiệt). */
export const HEAT_RAMP: readonly Rgb[] = [
	[255, 255, 178],
	[254, 217, 118],
	[254, 178, 76],
	[253, 141, 60],
	[240, 59, 32],
	[189, 0, 38]
];
