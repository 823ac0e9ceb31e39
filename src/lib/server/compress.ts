import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';

/**
 * Compression of the app's own answers (API JSON, rendered pages) per the request's
 * Accept-Encoding: brotli when accepted, else gzip. Static files are served precompressed by the
 * Node adapter; this covers what the hooks answer.
 *
 * Left alone: answers that are already encoded, partial (206, the basemap's range reads), empty,
 * small (below MIN_BYTES when the length is known: headers would cost more than they save),
 * binary media, and the event stream (each event must reach the wall screen when it happens;
 * a compressor would hold it back until its buffer fills).
 */
export const MIN_BYTES = 1024;

const COMPRESSIBLE =
	/^(application\/(json|geo\+json|javascript|xml|problem\+json|vnd\.anninh\.[a-z.-]+)|text\/(?!event-stream))/;

export type Encoding = 'br' | 'gzip';

/** The encoding to use for a request's Accept-Encoding header, or null for none. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const accepted = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const weight = q ? Number(q.slice(2)) : 1;
		accepted.set(name, Number.isFinite(weight) ? weight : 0);
	}
	const weightOf = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
	const br = weightOf('br');
	const gzip = weightOf('gzip');
	if (br > 0 && br >= gzip) return 'br';
	if (gzip > 0) return 'gzip';
	return null;
}

/**
 * Reads the start of a body: the chunks up to `limit` bytes, and whether the body ended there.
 */
async function peek(
	body: ReadableStream<Uint8Array>,
	limit: number
): Promise<{
	head: Uint8Array[];
	ended: boolean;
	reader: ReadableStreamDefaultReader<Uint8Array>;
}> {
	const reader = body.getReader();
	const head: Uint8Array[] = [];
	let size = 0;
	while (size < limit) {
		const { done, value } = await reader.read();
		if (done) return { head, ended: true, reader };
		head.push(value);
		size += value.byteLength;
	}
	return { head, ended: false, reader };
}

function withVary(headers: Headers): void {
	const vary = headers.get('vary');
	if (!vary) headers.set('vary', 'Accept-Encoding');
	else if (!/accept-encoding/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
}

export async function compressResponse(request: Request, response: Response): Promise<Response> {
	if (request.method === 'HEAD' || !response.body) return response;
	if (response.status === 206 || response.status === 204 || response.status === 304)
		return response;
	if (response.headers.has('content-encoding')) return response;
	if (!COMPRESSIBLE.test(response.headers.get('content-type') ?? '')) return response;
	const length = response.headers.get('content-length');
	if (length !== null && Number(length) < MIN_BYTES) return response;
	const headers = new Headers(response.headers);
	withVary(headers);
	const init = { status: response.status, statusText: response.statusText, headers };
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	if (!encoding) return new Response(response.body, init);
	// The length of a generated answer is unknown until it is read: read up to MIN_BYTES first.
	const { head, ended, reader } = await peek(response.body, MIN_BYTES);
	if (ended) return new Response(new Blob(head as BlobPart[]), init);
	const rest = new ReadableStream<Uint8Array>({
		start(controller) {
			for (const chunk of head) controller.enqueue(chunk);
		},
		async pull(controller) {
			const { done, value } = await reader.read();
			if (done) controller.close();
			else controller.enqueue(value);
		},
		cancel(reason) {
			return reader.cancel(reason);
		}
	});
	const compressor =
		encoding === 'br'
			? // Quality 5: most of brotli's gain on JSON at a fraction of the default's (11) time.
				createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
			: createGzip({ level: 6 });
	const source = Readable.fromWeb(rest as unknown as NodeReadableStream);
	source.on('error', (e) => compressor.destroy(e));
	headers.set('content-encoding', encoding);
	headers.delete('content-length');
	return new Response(
		Readable.toWeb(source.pipe(compressor)) as unknown as ReadableStream<Uint8Array>,
		init
	);
}
