/**
 * The binary form of the map's columnar incidents (GET /api/incidents/columns with
 * `Accept: application/vnd.anninh.incident-columns`), shared by the server and the browser.
 *
 * PostgreSQL writes the whole frame (`app.incident_frame`, migration 20261128000100) from the
 * 20-byte record every incident row stores (the generated column `incidents.frame_record`), so
 * the server never builds a JavaScript object per incident; the browser decodes it with a
 * DataView. 20 bytes an incident instead of ~70 as columnar JSON.
 *
 *   bytes 0–3   "AIC2"
 *   bytes 4–7   header length H (uint32, big-endian)
 *   H bytes     UTF-8 JSON: { count, truncated, categories: string[], statuses: string[] }
 *   count × 20  records, big-endian (PostgreSQL's binary send format):
 *                 id         uint32 (ids of 2^32 and above are refused by the server)
 *                 lon, lat   int32, degrees × 10⁷ (≈ 1 cm)
 *                 occurredAt uint32, whole seconds since 1970-01-01T00:00:00Z
 *                 attributes uint32: category << 16 | severity << 8 | status, where category
 *                            and status are 1-based positions in the header's lists
 */
import type { IncidentColumns } from './live-layers';

export const INCIDENT_COLUMNS_MEDIA_TYPE = 'application/vnd.anninh.incident-columns';
export const RECORD_BYTES = 20;
const MAGIC = [0x41, 0x49, 0x43, 0x32]; // "AIC2"
const PREFIX_BYTES = 8;
/** Coordinates travel as integers in units of 10⁻⁷ degree. */
export const COORD_SCALE = 1e7;

export interface IncidentFrameHeader {
	count: number;
	truncated: boolean;
	/**
	 * Category codes by their fixed number (incident_categories.ordinal): a record's category is
	 * a 1-based position in this list; "" fills a number no longer in use.
	 */
	categories: string[];
	/** Status codes; a record's status is a 1-based position in this list. */
	statuses: string[];
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
		const attrs = view.getUint32(at + 16);
		const category = header.categories[(attrs >>> 16) - 1];
		const status = header.statuses[(attrs & 0xff) - 1];
		// An empty code marks a category number no longer in use: no record may point at it.
		if (!category || status === undefined) return null;
		cols.id[i] = view.getUint32(at);
		cols.lon[i] = view.getInt32(at + 4) / COORD_SCALE;
		cols.lat[i] = view.getInt32(at + 8) / COORD_SCALE;
		cols.occurredAt[i] = view.getUint32(at + 12);
		cols.category[i] = category;
		cols.severity[i] = (attrs >>> 8) & 0xff;
		cols.status[i] = status;
	}
	return cols;
}
