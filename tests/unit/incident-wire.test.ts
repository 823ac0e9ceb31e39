import { describe, expect, it } from 'vitest';
import {
	decodeIncidentFrame,
	encodeIncidentFrame,
	RECORD_BYTES
} from '../../src/lib/domain/incident-wire';

const CATEGORIES = ['assault', 'theft'];
const STATUSES = ['new', 'handling', 'resolved', 'transferred'];

/** Records written the way PostgreSQL's int8send/int4send write them (big-endian). */
function records(
	rows: { id: number; lon: number; lat: number; t: number; cat: number; sev: number; st: number }[]
): Uint8Array {
	const out = new Uint8Array(rows.length * RECORD_BYTES);
	const v = new DataView(out.buffer);
	rows.forEach((r, i) => {
		const at = i * RECORD_BYTES;
		v.setBigInt64(at, BigInt(r.id));
		v.setInt32(at + 8, Math.round(r.lon * 1e7));
		v.setInt32(at + 12, Math.round(r.lat * 1e7));
		v.setBigInt64(at + 16, BigInt(r.t));
		v.setUint32(at + 24, (r.cat << 16) | (r.sev << 8) | r.st);
	});
	return out;
}

const header = (count: number) => ({
	count,
	truncated: false,
	categories: CATEGORIES,
	statuses: STATUSES
});

describe('incident columns as a binary frame', () => {
	it('decodes ids beyond 2^32, negative coordinates and times before 1970', () => {
		const frame = encodeIncidentFrame(
			header(2),
			records([
				{
					id: 2 ** 40 + 7,
					lon: 106.5619529,
					lat: 20.8619428,
					t: 1_795_737_598,
					cat: 2,
					sev: 4,
					st: 3
				},
				{ id: 1, lon: -73.9857, lat: -40.7484, t: -86_400, cat: 1, sev: 1, st: 1 }
			])
		);
		expect(decodeIncidentFrame(frame)).toEqual({
			count: 2,
			truncated: false,
			id: [2 ** 40 + 7, 1],
			lon: [106.5619529, -73.9857],
			lat: [20.8619428, -40.7484],
			category: ['theft', 'assault'],
			severity: [4, 1],
			status: ['resolved', 'new'],
			occurredAt: [1_795_737_598, -86_400]
		});
	});

	it('decodes an empty frame', () => {
		expect(decodeIncidentFrame(encodeIncidentFrame(header(0), new Uint8Array(0)))).toMatchObject({
			count: 0,
			id: []
		});
	});

	it('refuses what is not a well-formed frame instead of drawing garbage', () => {
		const good = encodeIncidentFrame(
			header(1),
			records([{ id: 5, lon: 106.5, lat: 20.8, t: 0, cat: 1, sev: 2, st: 2 }])
		);
		expect(decodeIncidentFrame(good)).not.toBeNull();
		const wrongMagic = good.slice();
		wrongMagic[0] = 0x42;
		expect(decodeIncidentFrame(wrongMagic)).toBeNull();
		expect(decodeIncidentFrame(good.slice(0, good.length - 1))).toBeNull();
		expect(decodeIncidentFrame(new TextEncoder().encode('{"count":1}'))).toBeNull();
		// A category or status outside the header's lists.
		const badCategory = encodeIncidentFrame(
			header(1),
			records([{ id: 5, lon: 106.5, lat: 20.8, t: 0, cat: 3, sev: 2, st: 2 }])
		);
		expect(decodeIncidentFrame(badCategory)).toBeNull();
		const noStatus = encodeIncidentFrame(
			header(1),
			records([{ id: 5, lon: 106.5, lat: 20.8, t: 0, cat: 1, sev: 2, st: 0 }])
		);
		expect(decodeIncidentFrame(noStatus)).toBeNull();
		// A header claiming more records than the body holds.
		expect(() => encodeIncidentFrame(header(2), records([]))).toThrow();
	});
});
