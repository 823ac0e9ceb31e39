import { afterEach, describe, expect, it } from 'vitest';
import {
	activeShifts,
	formatHhmm,
	isShiftActive,
	parseHhmm,
	presenceByHourOfWeek,
	shiftOccurrenceAt,
	vnMinuteOfWeek
} from '../../src/lib/domain/patrol-shifts';
import {
	patrolPlanCreate,
	patrolRouteCreate,
	patrolShift
} from '../../src/lib/domain/patrol-plans';
import { randomisedVisits } from '../../src/lib/domain/patrol-visits';

/** 2026-11-28 is a Saturday, 2026-11-29 a Sunday, 2026-11-30 a Monday. */
const vn = (local: string) => new Date(`${local}+07:00`);
const SAT_NIGHT = { days: [6], start: '22:00', end: '06:00' };
const SUN_NIGHT = { days: [7], start: '22:00', end: '06:00' };

describe('patrol shifts in Vietnam time', () => {
	const tz = process.env.TZ;
	afterEach(() => {
		process.env.TZ = tz;
	});

	it('reads and writes HH:mm, refusing what is not a time of day', () => {
		expect(parseHhmm('00:00')).toBe(0);
		expect(parseHhmm('22:30')).toBe(1350);
		expect(parseHhmm('23:59')).toBe(1439);
		for (const bad of ['24:00', '7:00', '07:60', '07:00:00', ' 07:00', '']) {
			expect(parseHhmm(bad)).toBeNull();
		}
		expect(formatHhmm(1350)).toBe('22:30');
		expect(formatHhmm(0)).toBe('00:00');
	});

	it('counts minutes of the week from Monday 00:00 Vietnam time', () => {
		expect(vnMinuteOfWeek(vn('2026-11-30T00:00:00'))).toBe(0);
		expect(vnMinuteOfWeek(vn('2026-11-28T23:30:00'))).toBe(5 * 1440 + 23 * 60 + 30);
		expect(vnMinuteOfWeek(vn('2026-11-29T23:59:00'))).toBe(10079);
		// Monday 00:00 Vietnam is Sunday 17:00 UTC.
		expect(vnMinuteOfWeek(new Date('2026-11-29T17:00:00Z'))).toBe(0);
	});

	it('gives the same answers whatever the process time zone', () => {
		const instants = ['2026-11-28T23:30:00', '2026-11-29T01:00:00', '2026-11-30T05:59:00'].map(vn);
		const answers = (zone: string) => {
			process.env.TZ = zone;
			return instants.map((t) => [vnMinuteOfWeek(t), isShiftActive(SAT_NIGHT, t)]);
		};
		const base = answers('Asia/Ho_Chi_Minh');
		for (const zone of ['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Europe/London']) {
			expect(answers(zone)).toEqual(base);
		}
	});

	it('an overnight shift belongs to the day it starts and covers the next morning', () => {
		expect(isShiftActive(SAT_NIGHT, vn('2026-11-28T21:59:00'))).toBe(false);
		expect(isShiftActive(SAT_NIGHT, vn('2026-11-28T22:00:00'))).toBe(true);
		expect(isShiftActive(SAT_NIGHT, vn('2026-11-28T23:30:00'))).toBe(true);
		expect(shiftOccurrenceAt(SAT_NIGHT, vn('2026-11-29T01:00:00'))).toEqual({
			day: 6,
			minutesIn: 180
		});
		expect(isShiftActive(SAT_NIGHT, vn('2026-11-29T05:59:00'))).toBe(true);
		expect(isShiftActive(SAT_NIGHT, vn('2026-11-29T06:00:00'))).toBe(false);
		// Friday night into Saturday morning is not Saturday's shift.
		expect(isShiftActive(SAT_NIGHT, vn('2026-11-28T01:00:00'))).toBe(false);
	});

	it('a Sunday night shift runs into Monday morning across the week boundary', () => {
		expect(isShiftActive(SUN_NIGHT, vn('2026-11-29T23:00:00'))).toBe(true);
		expect(shiftOccurrenceAt(SUN_NIGHT, vn('2026-11-30T01:00:00'))).toEqual({
			day: 7,
			minutesIn: 180
		});
		expect(isShiftActive(SUN_NIGHT, vn('2026-11-30T06:00:00'))).toBe(false);
		expect(isShiftActive(SUN_NIGHT, vn('2026-11-23T01:00:00'))).toBe(true);
		expect(activeShifts([SAT_NIGHT, SUN_NIGHT], vn('2026-11-30T01:00:00'))).toEqual([SUN_NIGHT]);
	});

	it('sums planned minutes per hour of the week, overlapping shifts once', () => {
		const hours = presenceByHourOfWeek([
			SAT_NIGHT,
			{ days: [6], start: '23:30', end: '00:30' },
			{ days: [1], start: '08:15', end: '09:00' }
		]);
		expect(hours).toHaveLength(168);
		expect(hours[5 * 24 + 21]).toBe(0);
		expect(hours[5 * 24 + 22]).toBe(60);
		expect(hours[5 * 24 + 23]).toBe(60);
		expect(hours[6 * 24 + 5]).toBe(60);
		expect(hours[6 * 24 + 6]).toBe(0);
		expect(hours[8]).toBe(45);
		expect(hours.reduce((a, b) => a + b, 0)).toBe(8 * 60 + 45);
	});
});

describe('the shapes of patrol requests', () => {
	it('a shift names its days once each and ends at another time than it starts', () => {
		expect(patrolShift.safeParse(SAT_NIGHT).success).toBe(true);
		const issues = (v: unknown) =>
			patrolShift.safeParse(v).error?.issues.map((i) => i.path.join('.')) ?? [];
		expect(issues({ days: [6, 6], start: '22:00', end: '06:00' })).toEqual(['days']);
		expect(issues({ days: [8], start: '22:00', end: '06:00' })).toEqual(['days.0']);
		expect(issues({ days: [6], start: '22:00', end: '22:00' })).toEqual(['end']);
		expect(issues({ days: [6], start: '24:00', end: '06:00' })).toEqual(['start']);
	});

	it('the old route contract takes a line or polygon, a buffer of 25–1000 m, one shift and stops', () => {
		const route = {
			name: 'QL10',
			geometry: {
				type: 'LineString',
				coordinates: [
					[106.56, 20.86],
					[106.57, 20.87]
				]
			},
			bufferM: 150,
			shift: SAT_NIGHT,
			stops: [{ lon: 106.565, lat: 20.865, dwellMin: 15 }]
		};
		expect(patrolRouteCreate.safeParse(route).success).toBe(true);
		expect(patrolRouteCreate.safeParse({ ...route, bufferM: 10 }).success).toBe(false);
		expect(
			patrolRouteCreate.safeParse({
				...route,
				geometry: { type: 'Point', coordinates: [106.56, 20.86] }
			}).success
		).toBe(false);
		// Latitude first is out of range.
		const swapped = patrolRouteCreate.safeParse({
			...route,
			geometry: {
				type: 'LineString',
				coordinates: [
					[20.86, 106.56],
					[20.87, 106.57]
				]
			}
		});
		expect(swapped.error?.issues[0]?.path).toEqual(['geometry', 'coordinates', 0]);
	});

	it('a stop may name a route of the same request by its index, not a stop', () => {
		const plan = {
			name: 'Kế hoạch',
			validFrom: '2026-12-01',
			items: [
				{ kind: 'stop', geometry: { type: 'Point', coordinates: [106.56, 20.86] }, route: 1 },
				{ kind: 'stop', geometry: { type: 'Point', coordinates: [106.56, 20.86] } }
			],
			shifts: []
		};
		expect(patrolPlanCreate.safeParse(plan).error?.issues[0]?.path).toEqual(['items', 0, 'route']);
	});
});

describe('randomised visits', () => {
	const stops = [
		{ id: 'a', dwellMin: 15, visits: 2 },
		{ id: 'b', dwellMin: 10, visits: 2 },
		{ id: 'c', dwellMin: 15, visits: 1 }
	];

	it('are the same for the same seed and differ for another', () => {
		const one = randomisedVisits(stops, SAT_NIGHT, 42);
		expect(randomisedVisits(stops, SAT_NIGHT, 42)).toEqual(one);
		const others = [1, 2, 3, 4, 5].map((s) =>
			JSON.stringify(randomisedVisits(stops, SAT_NIGHT, s))
		);
		expect(new Set([...others, JSON.stringify(one)]).size).toBeGreaterThan(1);
	});

	it('give every stop its visits inside the shift, without overlapping', () => {
		for (let seed = 0; seed < 50; seed++) {
			const visits = randomisedVisits(stops, SAT_NIGHT, seed);
			expect(visits).toHaveLength(5);
			let end = 0;
			for (const v of visits) {
				expect(v.offsetMin).toBeGreaterThanOrEqual(end);
				end = v.offsetMin + v.dwellMin;
			}
			expect(end).toBeLessThanOrEqual(480);
			expect(visits.filter((v) => v.stop === 'a')).toHaveLength(2);
			expect(visits[0]!.start).toMatch(/^(2[2-3]|0[0-5]):[0-5][0-9]$/);
		}
	});
});
