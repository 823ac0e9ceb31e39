import type { Rgb } from '../../category-colors';

export const UNIT_LIVE_COLOR: Rgb = [0, 137, 123];
/** A unit silent for 5 minutes or more. */
export const UNIT_STALE_COLOR: Rgb = [158, 158, 158];
