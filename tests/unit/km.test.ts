import { describe, expect, it } from 'vitest';
import { formatKm } from '../../src/lib/domain/km';

describe('Km+m labels', () => {
	it.each([
		[27.35, 'Km27+350'],
		[20.4, 'Km20+400'],
		[30.968, 'Km30+968'],
		[21.005, 'Km21+005'],
		[29.9996, 'Km30+000'],
		[0, 'Km0+000']
	])('writes %s km as %s', (km, label) => {
		expect(formatKm(km)).toBe(label);
	});

	it('refuses a negative chainage', () => {
		expect(() => formatKm(-1)).toThrow(RangeError);
	});
});
