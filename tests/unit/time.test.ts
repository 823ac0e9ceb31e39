import { afterEach, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { listIncidents } from '../../src/lib/domain/contracts/incidents';
import { incidentCreate } from '../../src/lib/domain/incident-input';
import { instantParam } from '../../src/lib/domain/params';
import { teamReportCreate } from '../../src/lib/domain/team-report-input';
import {
	CLOCK_SKEW_MS,
	fromVietnamLocalMinute,
	isInFuture,
	isVietnamDay,
	parseVietnamTime,
	vietnamMidnight,
	vnDate,
	vnDateOrDateTime,
	vnDateTime
} from '../../src/lib/domain/time';
import { tipConvertSchema, tipSubmitSchema } from '../../src/lib/domain/tips';
import { parseViewParams, periodWindow } from '../../src/lib/state/map-url';
import { refusalText } from '../../src/lib/server/http';
import { parseQuery } from '../../src/lib/server/input';
import { IMPOSSIBLE_TIMES } from '../integration/hostile.payloads';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const at = (text: string, form: Parameters<typeof parseVietnamTime>[1] = 'date-or-date-time') => {
	const r = parseVietnamTime(text, form, NOW);
	return r.ok ? new Date(r.ms).toISOString() : r.problem;
};

describe('the Vietnam-time parser', () => {
	it('reads a date-time without an offset as Vietnam time (UTC+7)', () => {
		expect(at('2026-11-01T08:30:00')).toBe('2026-11-01T01:30:00.000Z');
		expect(at('2026-11-01T08:30')).toBe('2026-11-01T01:30:00.000Z');
		expect(at('2026-11-01T08:30:00.5')).toBe('2026-11-01T01:30:00.500Z');
		expect(at('2026-11-01T08:30:00.123456789')).toBe('2026-11-01T01:30:00.123Z');
	});

	it('keeps an explicit offset, Z included', () => {
		expect(at('2026-11-01T08:30:00Z')).toBe('2026-11-01T08:30:00.000Z');
		expect(at('2026-11-01T08:30:00+07:00')).toBe('2026-11-01T01:30:00.000Z');
		expect(at('2026-11-01T08:30:00+0700')).toBe('2026-11-01T01:30:00.000Z');
		expect(at('2026-11-01T08:30:00-05:00')).toBe('2026-11-01T13:30:00.000Z');
		expect(at('2026-11-01T08:30:00+05:45')).toBe('2026-11-01T02:45:00.000Z');
	});

	it('reads a bare date as Vietnam midnight, where a day is allowed', () => {
		expect(at('2026-11-01')).toBe('2026-10-31T17:00:00.000Z');
		expect(at('2026-11-01', 'date')).toBe('2026-10-31T17:00:00.000Z');
		expect(at('2026-11-01', 'date-time')).toBe('format');
		expect(at('2026-11-01T08:30', 'date')).toBe('format');
		expect(vietnamMidnight('2026-11-01').toISOString()).toBe('2026-10-31T17:00:00.000Z');
	});

	it('refuses days and times that do not exist', () => {
		for (const text of [
			'2026-02-30',
			'2026-02-29',
			'2026-04-31',
			'2026-13-01',
			'2026-00-01',
			'2026-01-00',
			'2026-11-01T24:00:00',
			'2026-11-01T08:60',
			'2026-11-01T08:30:60',
			'2026-11-01T08:30:00+24:00',
			'2026-11-01T08:30:00+07:60'
		]) {
			expect(at(text), text).toBe('notReal');
		}
		expect(at('2024-02-29')).toBe('2024-02-28T17:00:00.000Z');
		expect(at('2000-02-29')).toBe('2000-02-28T17:00:00.000Z');
	});

	it('refuses anything that is not the ISO 8601 shape', () => {
		for (const text of [
			'',
			'yesterday',
			'+275760-09-13',
			'+275760-09-13T00:00:00.000Z',
			'-000001-01-01',
			'2026-11-01 08:30:00',
			'2026-11-01t08:30:00z',
			'2026-11-1',
			'20261101',
			'2026-11-01T08',
			'2026-11-01T08:30:00.',
			'2026-11-01T08:30:00.1234567891',
			'2026-11-01T08:30:00+7',
			'2026-11-01T08:30:00 +07:00',
			' 2026-11-01',
			'2026-11-01\n',
			'2026-11-01\u0000',
			'٢٠٢٦-١١-٠١',
			'9'.repeat(41)
		]) {
			expect(at(text), JSON.stringify(text)).toBe('format');
		}
	});

	it('takes years from Vietnam’s 1 January 2000 to five years after now', () => {
		expect(at('2000-01-01T00:00:00+07:00')).toBe('1999-12-31T17:00:00.000Z');
		expect(at('2000-01-01')).toBe('1999-12-31T17:00:00.000Z');
		expect(at('1999-12-31T23:59:59+07:00')).toBe('range');
		expect(at('1999-12-31')).toBe('range');
		expect(at('0000-01-01')).toBe('range');
		expect(at('0050-06-01T00:00:00Z')).toBe('range');
		// Five years and two leap days after 2026-11-29T12:00Z is 2031-11-30T12:00Z.
		expect(at('2031-11-30')).toBe('2031-11-29T17:00:00.000Z');
		expect(at('2031-11-30T19:00:00')).toBe('2031-11-30T12:00:00.000Z');
		expect(at('2031-11-30T19:00:01')).toBe('range');
		expect(at('2031-12-01')).toBe('range');
		expect(at('9999-12-31T23:59:59Z')).toBe('range');
	});

	it('refuses every impossible time the hostile tests send', () => {
		for (const text of IMPOSSIBLE_TIMES) {
			for (const form of ['date', 'date-time', 'date-or-date-time'] as const) {
				expect(parseVietnamTime(text, form).ok, `${form} ${text.slice(0, 40)}`).toBe(false);
			}
		}
	});

	it('allows a clock 5 minutes ahead, not more', () => {
		expect(isInFuture(new Date(NOW + CLOCK_SKEW_MS), NOW)).toBe(false);
		expect(isInFuture(new Date(NOW + CLOCK_SKEW_MS + 1), NOW)).toBe(true);
	});

	it('gives the browser the same answers: a form’s wall-clock minute, a URL’s days', () => {
		expect(fromVietnamLocalMinute('2026-11-01T08:30')).toBe('2026-11-01T08:30:00+07:00');
		expect(fromVietnamLocalMinute('2026-02-30T08:30')).toBeNull();
		expect(fromVietnamLocalMinute('1999-12-31T08:30')).toBeNull();
		expect(isVietnamDay('2026-11-01')).toBe(true);
		expect(isVietnamDay('1999-12-31')).toBe(false);
		const custom = parseViewParams(new URLSearchParams('from=2026-11-01&to=2026-11-30'));
		expect(custom.period).toEqual({ kind: 'custom', from: '2026-11-01', to: '2026-11-30' });
		expect(parseViewParams(new URLSearchParams('from=1970-01-01&to=2026-11-30')).period).toEqual({
			kind: 'preset',
			preset: '90d'
		});
	});
});

describe('the schemas built on it', () => {
	it('name the problem in the caller’s language', () => {
		const q = (s: string, lang: 'vi' | 'en') => {
			try {
				parseQuery(listIncidents.query, new URLSearchParams(s), lang);
			} catch (err) {
				if (isHttpError(err)) return refusalText(lang, err.body);
				throw err;
			}
		};
		expect(q('from=2026-02-30', 'en')).toBe('from: is not a real date or time');
		expect(q('from=2026-02-30', 'vi')).toBe('from: không phải ngày giờ có thật');
		expect(q('to=1999-01-01', 'en')).toBe(
			'to: must be between 1 January 2000 and five years from today'
		);
		expect(q('to=tomorrow', 'en')).toMatch(/^to: must be an ISO 8601 date or date-time/);
		expect(q('to=2026-11-01%00', 'en')).toBe('to: must not contain control characters');
	});

	it('describe their format in the OpenAPI document', () => {
		const schema = (s: z.ZodMiniType) => z.toJSONSchema(s, { io: 'input' });
		expect(schema(vnDateTime)).toMatchObject({ type: 'string', format: 'date-time' });
		expect(schema(vnDate)).toMatchObject({ type: 'string', format: 'date' });
		expect(schema(vnDateOrDateTime)).toMatchObject({
			type: 'string',
			anyOf: [{ format: 'date' }, { format: 'date-time' }]
		});
	});
});

describe('on a machine in another time zone', () => {
	const saved = process.env.TZ;
	afterEach(() => {
		if (saved === undefined) delete process.env.TZ;
		else process.env.TZ = saved;
	});

	// Node reads TZ again whenever it is assigned; each zone is checked to have taken effect.
	const ZONES: [string, number][] = [
		['America/New_York', 300],
		['Pacific/Kiritimati', -840],
		['Pacific/Pago_Pago', 660],
		['Asia/Kolkata', -330]
	];

	it.each(ZONES)('reads text without an offset as Vietnam time in %s', (zone, offset) => {
		process.env.TZ = zone;
		expect(new Date(2026, 10, 1, 12).getTimezoneOffset()).toBe(offset);
		expect(at('2026-11-01T08:30:00')).toBe('2026-11-01T01:30:00.000Z');
		expect(at('2026-11-01')).toBe('2026-10-31T17:00:00.000Z');
		expect(instantParam.parse('2026-11-01').toISOString()).toBe('2026-10-31T17:00:00.000Z');
		const incident = incidentCreate.parse({
			category: 'theft',
			occurredAt: '2026-11-01T08:30:00',
			lon: 106.56,
			lat: 20.86
		});
		expect(incident.occurredAt.toISOString()).toBe('2026-11-01T01:30:00.000Z');
		const report = teamReportCreate.parse({
			kind: 'patrol',
			description: 'Tuần tra',
			occurredAt: '2026-11-01T08:30'
		});
		expect(report.occurredAt.toISOString()).toBe('2026-11-01T01:30:00.000Z');
		const tip = tipSubmitSchema.parse({
			description: 'Mô tả đủ dài về sự việc.',
			occurredAt: '2026-11-01T08:30'
		});
		expect(tip.occurredAt?.toISOString()).toBe('2026-11-01T01:30:00.000Z');
		const convert = tipConvertSchema.parse({ occurredAt: '2026-11-01' });
		expect(convert.occurredAt?.toISOString()).toBe('2026-10-31T17:00:00.000Z');
		expect(fromVietnamLocalMinute('2026-11-01T08:30')).toBe('2026-11-01T08:30:00+07:00');
		const window = periodWindow({ kind: 'custom', from: '2026-11-01', to: '2026-11-01' }, NOW);
		expect([window.from.toISOString(), window.to.toISOString()]).toEqual([
			'2026-10-31T17:00:00.000Z',
			'2026-11-01T17:00:00.000Z'
		]);
	});
});
