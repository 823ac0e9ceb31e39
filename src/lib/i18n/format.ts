/**
 * Display conventions from DOMAIN.md: Asia/Ho_Chi_Minh time, dd/MM/yyyy, 24-hour HH:mm,
 * numbers 1.234.567,89 in Vietnamese.
 */
import { VN_TIME_ZONE } from '$lib/domain/time';
import type { Locale } from './messages';

const NUMBER_LOCALE: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };

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
	locale: Locale,
	options: Intl.NumberFormatOptions = {}
): string {
	return new Intl.NumberFormat(NUMBER_LOCALE[locale], options).format(value);
}
