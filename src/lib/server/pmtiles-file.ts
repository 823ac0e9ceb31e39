import { open } from 'node:fs/promises';

/** The largest range served at once (PMTiles clients ask for 16 KiB headers and single tiles). */
const MAX_RANGE = 16 * 1024 * 1024;

/**
 * One byte range of a local file (RFC 9110 §14): PMTiles readers fetch the header, directories
 * and tiles with `Range: bytes=a-b`. A request without Range gets the whole file only when it is
 * small; an unsatisfiable or malformed range answers 416.
 */
export async function pmtilesRange(path: string, range: string | null): Promise<Response> {
	const handle = await open(path, 'r');
	try {
		const size = (await handle.stat()).size;
		let start = 0;
		let end = size - 1;
		if (range !== null) {
			const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(range.trim());
			if (!m || (m[1] === '' && m[2] === '')) return unsatisfiable(size);
			if (m[1] === '') {
				start = Math.max(0, size - Number(m[2]));
			} else {
				start = Number(m[1]);
				end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
			}
			if (start > end || start >= size) return unsatisfiable(size);
		}
		if (end - start + 1 > MAX_RANGE) return unsatisfiable(size);
		const length = end - start + 1;
		const body = Buffer.alloc(length);
		await handle.read(body, 0, length, start);
		const headers: Record<string, string> = {
			'content-type': 'application/vnd.pmtiles',
			'content-length': String(length),
			'accept-ranges': 'bytes',
			'cache-control': 'private, max-age=3600'
		};
		if (range === null) return new Response(body, { status: 200, headers });
		headers['content-range'] = `bytes ${start}-${end}/${size}`;
		return new Response(body, { status: 206, headers });
	} finally {
		await handle.close();
	}
}

function unsatisfiable(size: number): Response {
	return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
}
