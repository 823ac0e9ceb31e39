import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygonCoords } from '../../src/lib/geo/geometry';
import {
	accidentTargets,
	generateAccidents,
	generateIncidents,
	type DemoInput
} from '../../src/lib/server/demo/generate';
import { DEMO_START } from '../../src/lib/server/demo/seed-demo';

// A box standing in for the zone and the park; the generator only samples inside what it gets.
const ZONE: MultiPolygonCoords = [
	[
		[
			[106.54, 20.851],
			[106.607, 20.851],
			[106.607, 20.895],
			[106.54, 20.895],
			[106.54, 20.851]
		]
	]
];
const PARK: MultiPolygonCoords = [
	[
		[
			[106.55, 20.857],
			[106.5638, 20.857],
			[106.5722, 20.868],
			[106.5722, 20.876],
			[106.5525, 20.876],
			[106.55, 20.857]
		]
	]
];

function input(seed = 1): DemoInput {
	return {
		seed,
		until: new Date('2026-11-27T05:00:00Z'),
		start: DEMO_START,
		zone: ZONE,
		park: PARK
	};
}

describe('demo generator', () => {
	it('gives the same incidents for the same seed and end date', () => {
		const a = [...generateIncidents(input(7), 500)];
		const b = [...generateIncidents(input(7), 500)];
		expect(a).toEqual(b);
	});

	it('gives different incidents for another seed', () => {
		const a = [...generateIncidents(input(7), 50)];
		const b = [...generateIncidents(input(8), 50)];
		expect(a).not.toEqual(b);
	});

	it('never puts an incident outside the zone or after the end date', () => {
		for (const r of generateIncidents(input(), 3000)) {
			expect(
				booleanPointInPolygon([r.lon, r.lat], { type: 'MultiPolygon', coordinates: ZONE })
			).toBe(true);
			expect(r.occurred_at <= '2026-11-27T05:00:00.000Z').toBe(true);
			expect(r.reported_at >= r.occurred_at).toBe(true);
		}
	});

	it('marks every synthetic description as simulated', () => {
		for (const r of generateIncidents(input(), 200)) expect(r.description).toMatch(/^\[Mô phỏng\]/);
	});

	it('scales the current year to the days elapsed', () => {
		const full = accidentTargets(2026, 1);
		const half = accidentTargets(2026, 0.5);
		expect(half.accidents).toBe(Math.round(full.accidents / 2));
	});

	it('classes accidents by deaths as Thông tư 26/2024 does', () => {
		for (const a of generateAccidents(input())) {
			if (a.deaths >= 3) expect(a.severity_class).toBe(1);
			else if (a.deaths === 2) expect(a.severity_class).toBe(2);
			else if (a.deaths === 1) expect(a.severity_class).toBe(3);
			else expect(a.severity_class).toBeGreaterThanOrEqual(4);
		}
	});
});
