import type { Rgb } from '../../category-colors';
import type { TeamKind } from './teams.contract';

/** Company teams distinct from residential and statutory ones (map and legend). */
export const TEAM_KIND_COLORS: Readonly<Record<TeamKind, Rgb>> = {
	company: [0, 131, 143],
	residential: [67, 160, 71],
	statutory: [121, 85, 72]
};
