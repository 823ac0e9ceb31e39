/**
 * The binary form of the map's columnar incidents (GET /api/incidents/columns with
 * `Accept: application/vnd.anninh.incident-columns`), shared by the server and the browser.
 *
 * PostgreSQL writes the records itself (one `string_agg` of `int8send`/`int4send`, see
 * incidents.query.ts), so the server never builds a JavaScript object per incident; the browser
 * decodes them with a DataView. 28 bytes an incident instead of ~70 as columnar JSON.
 *
 *   bytes 0–3   "AIC1"
 *   bytes 4–7   header length H (uint32, big-endian)
 *   H bytes     UTF-8 JSON: { count, truncated, categories: string[], statuses: string[] }
 *   count × 28  records, big-endian (PostgreSQL's binary send format):
 *                 id         int64
 *                 lon, lat   int32, degrees × 10⁷ (≈ 1 cm)
 *                 occurredAt int64, seconds since 1970-01-01T00:00:00Z
 *                 attributes uint32: category << 16 | severity << 8 | status, where category
 *                            and status are 1-based positions in the header's lists
 */
import type { IncidentColumns } from './live-layers';

export const INCIDENT_COLUMNS_MEDIA_TYPE = 'application/vnd.anninh.incident-columns';
export const RECORD_BYTES = 28;
const MAGIC = [0x41, 0x49, 0x43, 0x31]; // "AIC1"
const PREFIX_BYTES = 8;
/** Coordinates travel as integers in units of 10⁻⁷ degree. */
export const COORD_SCALE = 1e7;
const TWO_32 = 4_294_967_296;

export interface IncidentFrameHeader {
	count: number;
	truncated: boolean;
	/** Category codes; a record's category is a 1-based position in this list. */
	categories: string[];
	/** Status codes; a record's status is a 1-based position in this list. */
	statuses: string[];
}

/** Frames `records` (count × RECORD_BYTES, as the database wrote them) with their header. */
export function encodeIncidentFrame(
	header: IncidentFrameHeader,
	records: Uint8Array
): Uint8Array<ArrayBuffer> {
	if (records.byteLength !== header.count * RECORD_BYTES)
		throw new Error(`incident frame: ${records.byteLength} bytes for ${header.count} records`);
	const json = new TextEncoder().encode(JSON.stringify(header));
	const out = new Uint8Array(PREFIX_BYTES + json.byteLength + records.byteLength);
	out.set(MAGIC, 0);
	new DataView(out.buffer).setUint32(4, json.byteLength);
	out.set(json, PREFIX_BYTES);
	out.set(records, PREFIX_BYTES + json.byteLength);
	return out;
}

function isStringList(v: unknown): v is string[] {
	return Array.isArray(v) && v.length < 256 && v.every((s) => typeof s === 'string');
}

function readHeader(bytes: Uint8Array): { header: IncidentFrameHeader; offset: number } | null {
	if (bytes.byteLength < PREFIX_BYTES) return null;
	for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return null;
	const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4);
	if (PREFIX_BYTES + length > bytes.byteLength) return null;
	let h: unknown;
	try {
		h = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + length)));
	} catch {
		return null;
	}
	if (typeof h !== 'object' || h === null) return null;
	const { count, truncated, categories, statuses } = h as Record<string, unknown>;
	if (!Number.isSafeInteger(count) || (count as number) < 0) return null;
	if (typeof truncated !== 'boolean' || !isStringList(categories) || !isStringList(statuses))
		return null;
	return {
		header: { count: count as number, truncated, categories, statuses },
		offset: PREFIX_BYTES + length
	};
}

/**
 * The columns a frame carries, or null when it is not a well-formed frame (wrong magic, header
 * or length, or an attribute pointing outside the header's lists). Checked at the trust
 * boundary in one pass, like the JSON form.
 */
export function decodeIncidentFrame(input: ArrayBuffer | Uint8Array): IncidentColumns | null {
	const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
	const read = readHeader(bytes);
	if (!read) return null;
	const { header, offset } = read;
	const n = header.count;
	if (bytes.byteLength - offset !== n * RECORD_BYTES) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset + offset, n * RECORD_BYTES);
	const cols: IncidentColumns = {
		count: n,
		truncated: header.truncated,
		id: new Array<number>(n),
		lon: new Array<number>(n),
		lat: new Array<number>(n),
		category: new Array<string>(n),
		severity: new Array<number>(n),
		status: new Array<string>(n),
		occurredAt: new Array<number>(n)
	};
	for (let i = 0, at = 0; i < n; i++, at += RECORD_BYTES) {
		const idHigh = view.getInt32(at);
		const timeHigh = view.getInt32(at + 16);
		const attrs = view.getUint32(at + 24);
		const category = header.categories[(attrs >>> 16) - 1];
		const status = header.statuses[(attrs & 0xff) - 1];
		if (category === undefined || status === undefined) return null;
		cols.id[i] = idHigh * TWO_32 + view.getUint32(at + 4);
		cols.lon[i] = view.getInt32(at + 8) / COORD_SCALE;
		cols.lat[i] = view.getInt32(at + 12) / COORD_SCALE;
		cols.occurredAt[i] = timeHigh * TWO_32 + view.getUint32(at + 20);
		cols.category[i] = category;
		cols.severity[i] = (attrs >>> 8) & 0xff;
		cols.status[i] = status;
	}
	return cols;
}
