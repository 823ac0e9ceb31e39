/**
 * Is a change in a count more than chance? The browser's side of the rule the SQL applies
 * (app.poisson_z, app.change_band, app.count_change in supabase/migrations): for two counts of
 * a Poisson process with the same rate, z = 2(√current − √previous) is approximately standard
 * normal, so |z| ≥ 2 is notable, |z| ≥ 3 strong, and anything less is noise, shown without an
 * arrow. The server's answers already carry the band; this is for comparisons the page makes on
 * its own (two points of a chart a user picks), so they read the same. Pure, no imports.
 */

export const CHANGE_BANDS = ['strong', 'notable', 'noise'] as const;
export type ChangeBand = (typeof CHANGE_BANDS)[number];
export type ChangeDirection = 'up' | 'down';

/** A count against the one it is compared with, as the API sends it (app.count_change). */
export interface Change {
	difference: number;
	/** Percent change; null when the earlier count is 0. */
	percent: number | null;
	/** The Poisson change score, 2 decimals. */
	z: number;
	band: ChangeBand;
	/** Null where the band is noise: no arrow. */
	direction: ChangeDirection | null;
}

/** |z| at or above which a change is notable, and strong. */
export const NOTABLE_Z = 2;
export const STRONG_Z = 3;

/** z = 2(√current − √previous). */
export function poissonZ(current: number, previous: number): number {
	return 2 * (Math.sqrt(current) - Math.sqrt(previous));
}

export function changeBand(z: number): ChangeBand {
	const a = Math.abs(z);
	return a >= STRONG_Z ? 'strong' : a >= NOTABLE_Z ? 'notable' : 'noise';
}

/**
 * The change from `previous` to `current`, as app.count_change computes it (a suppressed count,
 * null, counts as its published value 0).
 */
export function countChange(current: number | null, previous: number | null): Change {
	const c = current ?? 0;
	const p = previous ?? 0;
	const z = poissonZ(c, p);
	const band = changeBand(z);
	return {
		difference: c - p,
		percent: p > 0 ? Math.round((1000 * (c - p)) / p) / 10 : null,
		z: Math.round(z * 100) / 100,
		band,
		direction: band === 'noise' ? null : c > p ? 'up' : 'down'
	};
}
