import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
	emergingHotspotsQuery,
	hotspotsQuery,
	kpisQuery,
	ql10BlackSpotsQuery,
	seriesQuery
} from '../../src/lib/domain/analytics';
import type { Schema } from '../../src/lib/domain/contract';
import { parseQuery } from '../../src/lib/server/input';
import { changeBand, countChange, poissonZ } from '../../src/lib/domain/stats/change';
import { emergingPatternName, EMERGING_PATTERNS } from '../../src/lib/domain/stats/hotspots';
import { periodWindow } from '../../src/lib/domain/stats/period';

/** The query string as a route reads it: its value, or the field its 400 names. */
function parse(schema: Schema, qs: string) {
	try {
		return { ok: true, value: parseQuery(schema, new URLSearchParams(qs), 'en') } as const;
	} catch (err) {
		if (!isHttpError(err)) throw err;
		return { ok: false, field: err.body.field } as const;
	}
}

describe('analytics query schemas', () => {
	it('read a KPI request with Vietnam days', () => {
		const res = parse(
			kpisQuery,
			'kind=quarter&from=2026-07-01&to=2026-10-01&units=today&category=theft'
		);
		expect(res).toEqual({
			ok: true,
			value: {
				kind: 'quarter',
				from: new Date('2026-06-30T17:00:00Z'),
				to: new Date('2026-09-30T17:00:00Z'),
				units: 'today',
				category: ['theft']
			}
		});
	});

	it('name the parameter at fault', () => {
		const cases: [Schema, string, string][] = [
			[kpisQuery, 'kind=week&from=2026-07-01&to=2026-10-01', 'kind'],
			[kpisQuery, 'kind=month&from=2026-10-01&to=2026-07-01', 'to'],
			[kpisQuery, 'kind=month&from=2026-02-30&to=2026-07-01', 'from'],
			[seriesQuery, 'from=2026-01-01&to=2026-02-01&by=street', 'by'],
			[seriesQuery, 'from=2026-01-01&to=2026-02-01&units=then', 'units'],
			[hotspotsQuery, 'cellM=20', 'cellM'],
			// √3 × 250 m = 433 m reaches the first ring of neighbours; 400 m does not.
			[hotspotsQuery, 'cellM=250&bandM=400', 'bandM'],
			[hotspotsQuery, 'bandM=6000', 'bandM'],
			[emergingHotspotsQuery, 'months=6', 'months'],
			[ql10BlackSpotsQuery, 'windowM=50', 'windowM'],
			[ql10BlackSpotsQuery, 'windowM=300&stepM=400', 'stepM'],
			[hotspotsQuery, 'radius=5', 'radius']
		];
		for (const [schema, qs, field] of cases) {
			const res = parse(schema, qs);
			expect([qs, res.ok ? null : res.field]).toEqual([qs, field]);
		}
	});

	it('take the defaults when optional parameters are left out', () => {
		expect(parse(hotspotsQuery, '')).toEqual({ ok: true, value: {} });
		expect(parse(hotspotsQuery, 'cellM=250&bandM=433').ok).toBe(false);
		expect(parse(hotspotsQuery, 'cellM=250&bandM=434').ok).toBe(true);
	});
});

describe('statistics helpers for the browser', () => {
	it('compute the Poisson change score and its band by hand', () => {
		expect(poissonZ(25, 16)).toBe(2);
		expect(changeBand(2)).toBe('notable');
		expect(changeBand(-3)).toBe('strong');
		expect(changeBand(1.99)).toBe('noise');
		expect(countChange(10, 9)).toEqual({
			difference: 1,
			percent: 11.1,
			z: 0.32,
			band: 'noise',
			direction: null
		});
	});

	it('give the Vietnam window of a month, quarter and year', () => {
		expect(periodWindow('month', '2026-02-14')).toEqual({
			from: new Date('2026-01-31T17:00:00Z'),
			to: new Date('2026-02-28T17:00:00Z')
		});
		expect(periodWindow('quarter', '2026-12-31')).toEqual({
			from: new Date('2026-09-30T17:00:00Z'),
			to: new Date('2026-12-31T17:00:00Z')
		});
		expect(periodWindow('year', '2025-07-01')).toEqual({
			from: new Date('2024-12-31T17:00:00Z'),
			to: new Date('2025-12-31T17:00:00Z')
		});
	});

	it('name every emerging pattern in Vietnamese and English', () => {
		expect(emergingPatternName('intensifying-hot')).toEqual({
			vi: 'Điểm nóng tăng cường',
			en: 'Intensifying hot spot'
		});
		expect(emergingPatternName('historical-cold').en).toBe('Historical cold spot');
		expect(new Set(EMERGING_PATTERNS.map((p) => emergingPatternName(p).vi)).size).toBe(17);
	});
});
