/**
 * Patrol shifts: weekly, in Vietnam time (UTC+7, no daylight saving), whatever the time zone of
 * the server or the browser. The same rule as the database (app.patrol_shift_active,
 * app.patrol_presence_mask in supabase/migrations/20261130000500_patrol_plans.sql), tested to
 * agree:
 *
 * - a shift runs on some ISO days of the week (1 = Monday … 7 = Sunday) from `start` to `end`
 *   ("HH:mm"); `end` before `start` means it ends the next day (22:00–06:00);
 * - an occurrence belongs to the day it starts: Saturday's 22:00–06:00 covers Sunday 01:00, and
 *   Sunday's covers Monday 01:00 (the week wraps);
 * - start and end differ (a 24-hour shift is written as two).
 *
 * Pure: no imports, no clock but the instants passed in.
 */

export interface Shift {
	days: number[];
	start: string;
	end: string;
}

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const VN_OFFSET_MIN = 7 * 60;
/** 1970-01-01 (epoch day 0) was a Thursday: three days after a Monday. */
const EPOCH_WEEKDAY_OFFSET = 3;

const HHMM = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

/** "HH:mm" → minutes of the day, or null when it is not a time of day. */
export function parseHhmm(text: string): number | null {
	const m = HHMM.exec(text);
	return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Minutes of the day → "HH:mm". */
export function formatHhmm(minutes: number): string {
	const m = ((Math.trunc(minutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** How long a shift runs, in minutes (1…1439); across midnight when end < start. */
export function shiftDurationMin(start: number, end: number): number {
	return (((end - start) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** Minutes since Monday 00:00 Vietnam time (0…10079) of an instant (epoch ms or Date). */
export function vnMinuteOfWeek(at: number | Date): number {
	const ms = typeof at === 'number' ? at : at.getTime();
	const localMinutes = Math.floor(ms / 60_000) + VN_OFFSET_MIN;
	const m = localMinutes + EPOCH_WEEKDAY_OFFSET * MINUTES_PER_DAY;
	return ((m % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
}

/** A shift in minutes, or null when its fields do not make a shift. */
export function shiftMinutes(s: Shift): { days: number[]; start: number; end: number } | null {
	const start = parseHhmm(s.start);
	const end = parseHhmm(s.end);
	if (start === null || end === null || start === end) return null;
	if (s.days.length === 0 || s.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
		return null;
	return { days: [...new Set(s.days)].sort(), start, end };
}

/**
 * The occurrence of `s` running at `at`: the ISO day it started on and how many minutes ago it
 * started, or null when the shift is not running then.
 */
export function shiftOccurrenceAt(
	s: Shift,
	at: number | Date
): { day: number; minutesIn: number } | null {
	const m = shiftMinutes(s);
	if (!m) return null;
	const mow = vnMinuteOfWeek(at);
	const dur = shiftDurationMin(m.start, m.end);
	for (const d of m.days) {
		const since =
			(mow - ((d - 1) * MINUTES_PER_DAY + m.start) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
		if (since < dur) return { day: d, minutesIn: since };
	}
	return null;
}

/** Whether a shift runs at an instant (Vietnam time). */
export function isShiftActive(s: Shift, at: number | Date): boolean {
	return shiftOccurrenceAt(s, at) !== null;
}

/** The shifts of a list that run at an instant ("what is covered at 23:00 on Saturday"). */
export function activeShifts<T extends Shift>(shifts: readonly T[], at: number | Date): T[] {
	return shifts.filter((s) => isShiftActive(s, at));
}

/**
 * Minutes of patrol presence in each hour of the week (168 values, Monday 00:00–01:00 first,
 * each 0…60): the planned side of the hour-of-week matrix. Overlapping shifts count once.
 */
export function presenceByHourOfWeek(shifts: readonly Shift[]): number[] {
	const on = new Uint8Array(MINUTES_PER_WEEK);
	for (const s of shifts) {
		const m = shiftMinutes(s);
		if (!m) continue;
		const dur = shiftDurationMin(m.start, m.end);
		for (const d of m.days) {
			const first = (d - 1) * MINUTES_PER_DAY + m.start;
			for (let k = 0; k < dur; k++) on[(first + k) % MINUTES_PER_WEEK] = 1;
		}
	}
	const hours = new Array<number>(168).fill(0);
	for (let i = 0; i < MINUTES_PER_WEEK; i++) hours[Math.floor(i / 60)]! += on[i]!;
	return hours;
}

/** The weekday (1…7) and hour (0…23) of an hour-of-week index (0…167). */
export function hourOfWeek(index: number): { day: number; hour: number } {
	return { day: Math.floor(index / 24) + 1, hour: index % 24 };
}
