/**
 * The periods the board compares, in the Vietnam calendar (UTC+7, no daylight saving), whatever
 * the browser's time zone. The server derives the previous period and the same period last year
 * (app.comparison_windows); the page only needs the window of the period it shows.
 */
import { vietnamMidnight } from '../time';

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const pad = (n: number) => String(n).padStart(2, '0');

/** The first day of a Vietnam calendar month, `YYYY-MM-01`, months counted from year·12. */
function monthStart(monthIndex: number): string {
	const y = Math.floor(monthIndex / 12);
	return `${y}-${pad((monthIndex % 12) + 1)}-01`;
}

/**
 * The window [from, to) of the month, quarter or year containing the Vietnam day `day`
 * (`YYYY-MM-DD`), from Vietnam midnight to Vietnam midnight.
 */
export function periodWindow(
	kind: Exclude<PeriodKind, 'custom'>,
	day: string
): { from: Date; to: Date } {
	const [y, m] = day.split('-').map(Number) as [number, number];
	const month = y * 12 + (m - 1);
	const first = kind === 'month' ? month : kind === 'quarter' ? month - (month % 3) : y * 12;
	const length = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
	return {
		from: vietnamMidnight(monthStart(first)),
		to: vietnamMidnight(monthStart(first + length))
	};
}
