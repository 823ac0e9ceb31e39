import type { Rgb } from '../../category-colors';
import type { FireClass } from './fire-sites.contract';

export const FIRE_CLASS_COLORS: Readonly<Record<FireClass, Rgb>> = {
	explosion_risk: [198, 40, 40],
	fire_managed: [245, 124, 0],
	police_managed: [255, 193, 7],
	commune_managed: [141, 110, 99]
};

/** The ring drawn around a site whose inspection is overdue. */
export const OVERDUE_RING: Rgb = [213, 0, 0];
