import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { listIncidents } from '../../src/lib/domain/contracts/incidents';
import { instantParam } from '../../src/lib/domain/params';
import { refusalText } from '../../src/lib/server/http';
import { parseQuery } from '../../src/lib/server/input';

/** The incident list's query parsed, or the refusal's sentence in English. */
function query(s: string | Record<string, string>) {
	try {
		return { ok: true, value: parseQuery(listIncidents.query, new URLSearchParams(s), 'en') };
	} catch (err) {
		if (!isHttpError(err)) throw err;
		return { ok: false, message: refusalText('en', err.body) };
	}
}

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
		expect(query('bbox=106.55,20.85,106.6,20.9')).toEqual({
			ok: true,
			value: { bbox: [106.55, 20.85, 106.6, 20.9] }
		});
	});

	it('removes duplicate categories', () => {
		expect(query('category=theft,theft,fraud').value?.category).toEqual(['theft', 'fraud']);
	});

	it('does not echo a long hostile value back in full', () => {
		const res = query({ category: `<script>${'x'.repeat(500)}` });
		expect(res.ok).toBe(false);
		expect(res.message!.length).toBeLessThan(400);
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
