import type { Rgb } from '../../category-colors';

export const PATROL_COLOR: Rgb = [63, 81, 181];
