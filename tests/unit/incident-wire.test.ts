import { describe, expect, it } from 'vitest';
import {
	decodeIncidentFrame,
	type IncidentFrameHeader,
	RECORD_BYTES
} from '../../src/lib/domain/incident-wire';

/**
 * The frame as incident-wire.ts documents it, written independently of the database function
 * that writes it in production (app.incident_frame), so the decoder is checked against the spec.
 */
function encodeIncidentFrame(header: IncidentFrameHeader, records: Uint8Array): Uint8Array {
	if (records.byteLength !== header.count * RECORD_BYTES) throw new Error('record count');
	const json = new TextEncoder().encode(JSON.stringify(header));
	const out = new Uint8Array(8 + json.byteLength + records.byteLength);
	out.set(new TextEncoder().encode('AIC2'), 0);
	new DataView(out.buffer).setUint32(4, json.byteLength);
	out.set(json, 8);
	out.set(records, 8 + json.byteLength);
	return out;
}

const CATEGORIES = ['assault', 'theft'];
const STATUSES = ['new', 'handling', 'resolved', 'transferred'];

/** Records laid out as incidents.frame_record stores them (big-endian, PostgreSQL's send format). */
function records(
	rows: { id: number; lon: number; lat: number; t: number; cat: number; sev: number; st: number }[]
): Uint8Array {
	const out = new Uint8Array(rows.length * RECORD_BYTES);
	const v = new DataView(out.buffer);
	rows.forEach((r, i) => {
		const at = i * RECORD_BYTES;
		v.setUint32(at, r.id);
		v.setInt32(at + 4, Math.round(r.lon * 1e7));
		v.setInt32(at + 8, Math.round(r.lat * 1e7));
		v.setUint32(at + 12, r.t);
		v.setUint32(at + 16, (r.cat << 16) | (r.sev << 8) | r.st);
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
	it('decodes ids and times up to 2^32 - 1 and negative coordinates', () => {
		const frame = encodeIncidentFrame(
			header(2),
			records([
				{
					id: 2 ** 32 - 1,
					lon: 106.5619529,
					lat: 20.8619428,
					t: 1_795_737_598,
					cat: 2,
					sev: 4,
					st: 3
				},
				{ id: 1, lon: -73.9857, lat: -40.7484, t: 2 ** 32 - 1, cat: 1, sev: 1, st: 1 }
			])
		);
		expect(decodeIncidentFrame(frame)).toEqual({
			count: 2,
			truncated: false,
			id: [2 ** 32 - 1, 1],
			lon: [106.5619529, -73.9857],
			lat: [20.8619428, -40.7484],
			category: ['theft', 'assault'],
			severity: [4, 1],
			status: ['resolved', 'new'],
			occurredAt: [1_795_737_598, 2 ** 32 - 1]
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
		// A category number the header marks as no longer in use.
		const retired = encodeIncidentFrame(
			{ ...header(1), categories: ['', 'theft'] },
			records([{ id: 5, lon: 106.5, lat: 20.8, t: 0, cat: 1, sev: 2, st: 2 }])
		);
		expect(decodeIncidentFrame(retired)).toBeNull();
		// A header claiming more records than the body holds.
		expect(() => encodeIncidentFrame(header(2), records([]))).toThrow();
	});
});
