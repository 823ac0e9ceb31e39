/**
 * Time as the product reads it: Vietnam time. One parser for every date and date-time the API
 * receives (body fields and query parameters) and the browser reads (the map's URL), so the
 * same text means the same instant everywhere, whatever the time zone of the server or the
 * browser.
 *
 * The rule, in the README too:
 * - a date-time is ISO 8601 / RFC 3339, `YYYY-MM-DDTHH:mm[:ss[.fraction]][Z|±HH:MM|±HHMM]`;
 *   without an offset it is Vietnam time (UTC+7, no daylight saving), never the process's zone;
 * - a date is `YYYY-MM-DD` and, where an instant is wanted, means Vietnam midnight;
 * - it must exist on the calendar (no 30 February, no 24:00, no second 60) and lie between
 *   Vietnam's 1 January 2000 and five years after now (`EARLIEST_MS`, `LATEST_AHEAD_MS`): what
 *   the product records (incidents, tips, reports, the audit trail) is not older, and a query's
 *   window may end ahead of today (a plan, an administrative change decided in advance), while
 *   `occurredAt` fields refuse the future;
 * - "not in the future" allows a clock 5 minutes ahead (`CLOCK_SKEW_MS`).
 *
 * The pure helpers at the top need nothing; the zod/mini schemas below are built by functions
 * called with a PURE annotation, so a bundle that uses only the helpers leaves zod out.
 */
import * as z from 'zod/mini';
import { msg, type ApiTextKey } from './api-text';

/** Vietnam has one time zone, UTC+7, with no daylight saving. */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const VN_OFFSET = '+07:00';
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 60 * MINUTE_MS;

/** Reports may lag a little behind a clock; anything later than this is "in the future". */
export const CLOCK_SKEW_MS = 5 * MINUTE_MS;
/** The earliest instant accepted: midnight, 1 January 2000, Vietnam time. */
export const EARLIEST_MS = Date.UTC(2000, 0, 1) - VN_OFFSET_MS;
/** The latest instant accepted lies this far after now (five years, leap days included). */
export const LATEST_AHEAD_MS = (5 * 365 + 2) * DAY_MS;
/** No accepted text is longer (`2026-11-01T08:30:00.123456789+07:00` is 35). */
export const MAX_TIME_LENGTH = 40;

/** What a field takes: a day, an instant, or either (a day then being its Vietnam midnight). */
export type TimeForm = 'date' | 'date-time' | 'date-or-date-time';
/** Why a text is not a time: its shape, a day or hour that does not exist, or out of range. */
export type TimeProblem = 'format' | 'notReal' | 'range';
export type TimeResult = { ok: true; ms: number } | { ok: false; problem: TimeProblem };

const TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Reads a date or date-time as Vietnam time (see the rule above). Pure: nothing but `nowMs`
 * (for the upper bound) and the text decide the answer; the process's time zone never does.
 */
export function parseVietnamTime(
	text: string,
	form: TimeForm,
	nowMs: number = Date.now()
): TimeResult {
	const m = text.length <= MAX_TIME_LENGTH ? TIME.exec(text) : null;
	const hasTime = m?.[4] !== undefined;
	if (!m || (form === 'date' && hasTime) || (form === 'date-time' && !hasTime)) {
		return { ok: false, problem: 'format' };
	}
	const n = (i: number) => Number(m[i] ?? 0);
	const [y, mo, d, h, mi, s, offsetH, offsetM] = [1, 2, 3, 4, 5, 6, 9, 10].map(n) as [
		number,
		number,
		number,
		number,
		number,
		number,
		number,
		number
	];
	const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
	if (
		mo < 1 ||
		mo > 12 ||
		d < 1 ||
		d > daysInMonth(y, mo) ||
		h > 23 ||
		mi > 59 ||
		s > 59 ||
		offsetH > 23 ||
		offsetM > 59
	) {
		return { ok: false, problem: 'notReal' };
	}
	// An explicit offset (Z is +00:00); none at all means Vietnam time.
	const offsetMs = m[8]
		? (m[8] === '-' ? -1 : 1) * (offsetH * 60 + offsetM) * MINUTE_MS
		: text.endsWith('Z')
			? 0
			: VN_OFFSET_MS;
	// Date.UTC reads years 0–99 as 1900–1999: still before the range, refused below.
	const at = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMs;
	if (at < EARLIEST_MS || at > nowMs + LATEST_AHEAD_MS) return { ok: false, problem: 'range' };
	return { ok: true, ms: at };
}

/** Whether a text is a real `YYYY-MM-DD` day within the accepted range. */
export function isVietnamDay(text: string, nowMs: number = Date.now()): boolean {
	return parseVietnamTime(text, 'date', nowMs).ok;
}

/** Vietnam midnight at the start of a `YYYY-MM-DD` day (the text is taken as valid). */
export function vietnamMidnight(day: string): Date {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d) - VN_OFFSET_MS);
}

/** Whether an instant is later than now plus the clock allowance. */
export function isInFuture(at: Date, nowMs: number = Date.now()): boolean {
	return at.getTime() > nowMs + CLOCK_SKEW_MS;
}

/** Today's calendar date in Vietnam as YYYY-MM-DD. */
export function todayInVietnam(now: Date = new Date()): string {
	return new Date(now.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The wall-clock time in Vietnam as `YYYY-MM-DDTHH:mm` (the value of a datetime-local input). */
export function vietnamLocalMinute(now: Date = new Date()): string {
	return new Date(now.getTime() + VN_OFFSET_MS).toISOString().slice(0, 16);
}

/**
 * A `YYYY-MM-DDTHH:mm` wall-clock time read as Vietnam time (whatever the browser's own zone),
 * as an ISO instant with its +07:00 offset; null when it is not a real date and time.
 */
export function fromVietnamLocalMinute(value: string): string | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
	return parseVietnamTime(value, 'date-time').ok ? `${value}:00${VN_OFFSET}` : null;
}

/** An instant (epoch ms) as ISO 8601 UTC. */
export function isoAt(ms: number): string {
	return new Date(ms).toISOString();
}

// Schemas --------------------------------------------------------------------------------------

const FORMAT_KEY: Record<TimeForm, ApiTextKey> = {
	date: 'date',
	'date-time': 'dateTime',
	'date-or-date-time': 'instant'
};
const PROBLEM_KEY: Record<Exclude<TimeProblem, 'format'>, ApiTextKey> = {
	notReal: 'notRealDate',
	range: 'timeRange'
};
const DESCRIPTION: Record<TimeForm, string> = {
	date: 'A day, YYYY-MM-DD (Vietnam calendar), from 2000-01-01 to five years from now.',
	'date-time':
		'ISO 8601 date-time; without an offset it is Vietnam time (UTC+7). From 2000-01-01 (Vietnam) to five years from now.',
	'date-or-date-time':
		'ISO 8601 date or date-time; a bare date is Vietnam midnight, a time without an offset Vietnam time (UTC+7). From 2000-01-01 (Vietnam) to five years from now.'
};

/** The text, checked; each refusal's message is a `msg` marker, translated when answered. */
function timeText(form: TimeForm) {
	return z.string().check(
		z.maxLength(MAX_TIME_LENGTH, msg(FORMAT_KEY[form])),
		z.meta({
			...(form === 'date-or-date-time'
				? { anyOf: [{ format: 'date' }, { format: 'date-time' }] }
				: { format: form }),
			description: DESCRIPTION[form]
		})
	);
}

/** The refusal of a text that is not a time of `form`. */
const refusalOf = (form: TimeForm, problem: TimeProblem) =>
	msg(problem === 'format' ? FORMAT_KEY[form] : PROBLEM_KEY[problem]);

function instantSchema(form: Exclude<TimeForm, 'date'>) {
	return z.pipe(
		timeText(form),
		z.transform((s, ctx) => {
			const r = parseVietnamTime(s, form);
			if (r.ok) return new Date(r.ms);
			ctx.issues.push({ code: 'custom', message: refusalOf(form, r.problem), input: s });
			return z.NEVER;
		})
	);
}

function daySchema() {
	return timeText('date').check(
		z.superRefine((s, ctx) => {
			const r = parseVietnamTime(s, 'date');
			if (!r.ok) ctx.addIssue({ code: 'custom', message: refusalOf('date', r.problem) });
		})
	);
}

/** A date-time (body fields such as `occurredAt`), as a Date. */
export const vnDateTime = /* @__PURE__ */ instantSchema('date-time');
/** A date-time, or a date meaning its Vietnam midnight (`from`, `to`, a tip's time), as a Date. */
export const vnDateOrDateTime = /* @__PURE__ */ instantSchema('date-or-date-time');
/** A Vietnam calendar day, `YYYY-MM-DD`, kept as that text. */
export const vnDate = /* @__PURE__ */ daySchema();

/** The schema, refusing an instant later than now plus the clock allowance. */
export function notFuture<S extends z.ZodMiniType<Date>>(schema: S): S {
	return schema.check(z.refine((d: Date) => !isInFuture(d), msg('future')));
}
