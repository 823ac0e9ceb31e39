/** Vietnam has one time zone, UTC+7, with no daylight saving. */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const VN_OFFSET_MS = 7 * 3_600_000;

/** Today's calendar date in Vietnam as YYYY-MM-DD. */
export function todayInVietnam(now: Date = new Date()): string {
	return new Date(now.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}
