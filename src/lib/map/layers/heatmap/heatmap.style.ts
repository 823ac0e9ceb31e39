import type { Rgb } from '../../category-colors';

/** Heatmap, cold to hot (bản đồ nhiệt). */
export const HEAT_RAMP: readonly Rgb[] = [
	[255, 255, 178],
	[254, 217, 118],
	[254, 178, 76],
	[253, 141, 60],
	[240, 59, 32],
	[189, 0, 38]
];
