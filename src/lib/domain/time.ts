/** Vietnam has one time zone, UTC+7, with no daylight saving. */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const VN_OFFSET_MS = 7 * 3_600_000;

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
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
	if (!m) return null;
	const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
	const utc = new Date(Date.UTC(y, mo - 1, d, h, mi));
	if (
		utc.getUTCFullYear() !== y ||
		utc.getUTCMonth() !== mo - 1 ||
		utc.getUTCDate() !== d ||
		h > 23 ||
		mi > 59
	) {
		return null;
	}
	return `${value}:00+07:00`;
}

/** An instant (epoch ms) as ISO 8601 UTC. */
export function isoAt(ms: number): string {
	return new Date(ms).toISOString();
}
