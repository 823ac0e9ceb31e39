import { describe, expect, it } from 'vitest';
import { incidentsQuery, instantParam, parseQuery } from '../../src/lib/domain/params';

describe('query parameters', () => {
	it('reads a bare date as the start of that day in Vietnam (UTC+7)', () => {
		expect(instantParam.parse('2026-01-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
	});

	it('keeps an explicit offset', () => {
		expect(instantParam.parse('2026-01-01T08:00:00Z').toISOString()).toBe(
			'2026-01-01T08:00:00.000Z'
		);
	});

	it('rejects 30 February', () => {
		expect(instantParam.safeParse('2026-02-30').success).toBe(false);
	});

	it('parses a bbox into four numbers', () => {
		const res = parseQuery(
			incidentsQuery,
			new URLSearchParams('bbox=106.55,20.85,106.6,20.9'),
			'en'
		);
		expect(res).toEqual({ ok: true, value: { bbox: [106.55, 20.85, 106.6, 20.9] } });
	});

	it('removes duplicate categories', () => {
		const res = parseQuery(incidentsQuery, new URLSearchParams('category=theft,theft,fraud'), 'en');
		expect(res.ok && res.value.category).toEqual(['theft', 'fraud']);
	});

	it('does not echo a long hostile value back in full', () => {
		const res = parseQuery(
			incidentsQuery,
			new URLSearchParams({ category: `<script>${'x'.repeat(500)}` }),
			'en'
		);
		expect(res.ok).toBe(false);
		expect(!res.ok && res.message.length).toBeLessThan(400);
	});
});

describe('incident input', () => {
	it('refuses an occurredAt on a day that does not exist', async () => {
		const { incidentCreate } = await import('../../src/lib/domain/incident-input');
		const base = { category: 'theft', lon: 106.56, lat: 20.87 };
		expect(
			incidentCreate.safeParse({ ...base, occurredAt: '2026-02-30T10:00:00+07:00' }).success
		).toBe(false);
		expect(
			incidentCreate.safeParse({ ...base, occurredAt: '2026-02-28T10:00:00+07:00' }).success
		).toBe(true);
	});
});
