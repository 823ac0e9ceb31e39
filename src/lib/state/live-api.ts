/**
 * GET + parse for the live map's APIs. Every body is checked at this trust boundary before any
 * layer sees it; failures carry the HTTP status so callers can tell "forbidden for this role"
 * (403) from "the server is down".
 */
export class ApiError extends Error {
	constructor(
		/** HTTP status; 0 when the request never got an answer, -1 when the body was malformed. */
		readonly status: number,
		readonly endpoint: string
	) {
		super(`${endpoint}: ${status}`);
		this.name = 'ApiError';
	}
}

interface SafeParser<T> {
	safeParse(input: unknown): { success: true; data: T } | { success: false };
}

type Parse<T> = SafeParser<T> | ((body: unknown) => T | null);

function parseWith<T>(parse: Parse<T>, body: unknown): T | null {
	if (typeof parse === 'function') return parse(body);
	const r = parse.safeParse(body);
	return r.success ? r.data : null;
}

/** GETs `url` accepting `accept`, reads the body with `read` and checks it with `parse`. */
async function getChecked<B, T>(
	url: string,
	accept: string,
	read: (res: Response) => Promise<B>,
	parse: (body: B) => T | null,
	signal: AbortSignal | undefined,
	fetchFn: typeof fetch
): Promise<T> {
	const endpoint = url.split('?')[0] ?? url;
	let res: Response;
	try {
		res = await fetchFn(url, { signal, headers: { accept } });
	} catch (err) {
		if (signal?.aborted) throw err;
		throw new ApiError(0, endpoint);
	}
	if (!res.ok) throw new ApiError(res.status, endpoint);
	let body: B;
	try {
		body = await read(res);
	} catch (err) {
		if (signal?.aborted) throw err;
		throw new ApiError(-1, endpoint);
	}
	const parsed = parse(body);
	if (parsed === null) throw new ApiError(-1, endpoint);
	return parsed;
}

export function getParsed<T>(
	url: string,
	parse: Parse<T>,
	signal?: AbortSignal,
	fetchFn: typeof fetch = fetch
): Promise<T> {
	return getChecked(
		url,
		'application/json',
		(res) => res.json() as Promise<unknown>,
		(body) => parseWith(parse, body),
		signal,
		fetchFn
	);
}

/** GET of a binary answer (`accept` names its media type), checked by `decode`. */
export function getBinary<T>(
	url: string,
	accept: string,
	decode: (bytes: ArrayBuffer) => T | null,
	signal?: AbortSignal,
	fetchFn: typeof fetch = fetch
): Promise<T> {
	return getChecked(url, accept, (res) => res.arrayBuffer(), decode, signal, fetchFn);
}

/** True for the error an aborted fetch throws (the request was superseded). */
export function isAbort(err: unknown): boolean {
	return err instanceof DOMException && err.name === 'AbortError';
}

/** A query string from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== undefined && v !== null) p.set(k, String(v));
	const s = p.toString();
	return s ? `?${s}` : '';
}
