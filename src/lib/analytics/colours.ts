/**
 * The board's fixed colour classes (issue 12; README "Board analytics"). They never rescale with
 * the data, so two periods can be compared by eye; every legend states them.
 */
import type { EmergingPattern, HotspotClass } from '$lib/domain/stats/hotspots';

/** Gi* classes: ColorBrewer RdBu (7 classes), hot red, cold blue, not significant light grey. */
export const HOTSPOT_COLOURS: Record<HotspotClass, string> = {
	'hot-99': '#b2182b',
	'hot-95': '#ef8a62',
	'hot-90': '#fddbc7',
	none: '#eeeeee',
	'cold-90': '#d1e5f0',
	'cold-95': '#67a9cf',
	'cold-99': '#2166ac'
};

/**
 * Counts per hexagon or per hour-of-week cell: fixed thresholds, ColorBrewer YlOrRd (6 classes).
 * The first class starts at 1; suppressed ("< 3") cells are drawn as the 1–2 class.
 */
export const COUNT_THRESHOLDS = [1, 3, 5, 10, 20, 50] as const;
export const COUNT_COLOURS = ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'];
export const EMPTY_COLOUR = '#f7f7f7';

/** "1–2", "3–4", …, "≥ 50". */
export function countClassLabels(): string[] {
	return COUNT_THRESHOLDS.map((t, i) => {
		const next = COUNT_THRESHOLDS[i + 1];
		return next === undefined ? `≥ ${t}` : next - 1 === t ? `${t}` : `${t}–${next - 1}`;
	});
}

/** The class colour of a count; null (suppressed, "< 3") is the first class. */
export function countColour(n: number | null): string {
	if (n === null) return COUNT_COLOURS[0]!;
	if (n < COUNT_THRESHOLDS[0]) return EMPTY_COLOUR;
	let i = 0;
	while (i + 1 < COUNT_THRESHOLDS.length && n >= COUNT_THRESHOLDS[i + 1]!) i++;
	return COUNT_COLOURS[i]!;
}

/** Category groups in the series (Okabe–Ito, colour-blind safe). */
export const GROUP_COLOURS: Record<string, string> = {
	violent: '#d55e00',
	property: '#0072b2',
	drugs: '#009e73',
	order: '#cc79a7',
	total: '#000000'
};

/** Emerging patterns: hot families red-brown, cold families blue, as the Gi* classes. */
export function patternColour(p: EmergingPattern): string {
	if (p === 'no-pattern') return '#eeeeee';
	return p.endsWith('-hot') ? '#b2182b' : '#2166ac';
}
