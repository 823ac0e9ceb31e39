import type { CategoryGroup } from '$lib/domain/categories';

export type Rgb = readonly [number, number, number];
export type Rgba = readonly [number, number, number, number];

/**
 * One colour per category group, shared by the deck.gl points and the legend. Chosen to stay
 * distinct on the light offline basemap and for the common red–green colour deficiencies
 * (red / orange / purple / blue differ in lightness as well as hue).
 */
export const GROUP_COLORS: Readonly<Record<CategoryGroup, Rgb>> = {
	violent: [211, 47, 47],
	property: [239, 108, 0],
	drugs: [123, 31, 162],
	order: [21, 101, 192]
};

/** Changes whenever GROUP_COLORS does; deck.gl compares it to know colours must be recomputed. */

export function cssRgb([r, g, b]: Rgb): string {
	return `rgb(${r} ${g} ${b})`;
}

export function cssRgba([r, g, b, a]: Rgba): string {
	return `rgb(${r} ${g} ${b} / ${(a / 255).toFixed(2)})`;
}
