import type { Rgb } from '../../category-colors';

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
