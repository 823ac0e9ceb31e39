/**
 * Display conventions from DOMAIN.md: Asia/Ho_Chi_Minh time, dd/MM/yyyy, 24-hour HH:mm,
 * numbers 1.234.567,89 in Vietnamese.
 */
import { VN_TIME_ZONE } from '$lib/domain/time';
import { translate } from './messages';
import type { Lang } from './words';

const NUMBER_LOCALE: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

const dateParts = new Intl.DateTimeFormat('en-GB', {
	timeZone: VN_TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

function partsOf(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
	const out = { year: '', month: '', day: '', hour: '', minute: '' };
	for (const p of dateParts.formatToParts(instant)) {
		if (p.type in out) out[p.type as keyof typeof out] = p.value;
	}
	return out;
}

/** `dd/MM/yyyy HH:mm` in Vietnam time, the same in both languages. */
export function formatDateTime(instant: Date): string {
	const p = partsOf(instant);
	return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

export function formatNumber(
	value: number,
	locale: Lang,
	options: Intl.NumberFormatOptions = {}
): string {
	return new Intl.NumberFormat(NUMBER_LOCALE[locale], options).format(value);
}

/**
 * A count as published: null is a value the disclosure rule suppressed (below 3), shown "< 3"
 * (`count.lessThan3`; the words for titles and screen readers: `count.suppressed`).
 */
export function formatCount(value: number | null, locale: Lang): string {
	return value === null ? translate(locale, 'count.lessThan3') : formatNumber(value, locale);
}

/** `dd/MM/yyyy` in Vietnam time. */
export function formatDate(instant: Date): string {
	const p = partsOf(instant);
	return `${p.day}/${p.month}/${p.year}`;
}

/**
 * A window of whole Vietnam days as the days it covers, e.g. "05/10/2026 – 11/10/2026" for
 * [05/10 00:00, 12/10 00:00). An empty window gives null.
 */
export function formatDayWindow(w: { from: string; to: string }): string | null {
	const from = new Date(w.from);
	const to = new Date(w.to);
	if (!(to > from)) return null;
	return `${formatDate(from)} – ${formatDate(new Date(to.getTime() - 1))}`;
}
