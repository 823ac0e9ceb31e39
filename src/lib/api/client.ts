/**
 * The browser's one way to call our API. Every answer is decoded at this trust boundary before
 * anything uses it (a zod/mini schema, or a decoder for binary frames); every refusal, whatever
 * the endpoint, comes back as one `ApiError` carrying the server's `{error, field?, code?}`; a
 * superseded request is aborted through its `signal`; a 401 sends the browser to the login page.
 * `call` takes an endpoint's contract (src/lib/domain/contract.ts): its path, and the schema the
 * server promised, which decodes the answer.
 */
import * as z from 'zod/mini';
import type { Contract, Decoded, Schema, Sent } from '$lib/domain/contract';

/** A refusal, or a failure to get a usable answer. */
export class ApiError extends Error {
	constructor(
		/** HTTP status; 0 when the request never got an answer, -1 when the body was malformed. */
		readonly status: number,
		/** The path called, without its query string. */
		readonly endpoint: string,
		/** The server's sentence (already in the page's language), when it sent one. */
		readonly serverMessage: string | null = null,
		/** The body field or parameter the server named. */
		readonly field?: string,
		/** A machine-readable reason (e.g. `outside_zone`). */
		readonly code?: string,
		options?: { cause?: unknown }
	) {
		super(serverMessage ?? `${endpoint}: ${status}`, options);
		this.name = 'ApiError';
	}
}

/** A zod (or zod/mini) schema, or a function returning null for a body it rejects. */
export type Decoder<T> =
	| { safeParse(input: unknown): { success: true; data: T } | { success: false } }
	| ((body: unknown) => T | null);

export interface RequestOptions {
	signal?: AbortSignal;
	/** SvelteKit's `fetch` in a load function; the global one otherwise. */
	fetch?: typeof fetch;
	/** The media types asked for (default JSON). */
	accept?: string;
	/** A 401 sends the browser to the login page (default), or is only thrown. */
	onUnauthorized?: 'login' | 'throw';
}

/** Sends the browser to the login page, coming back here afterwards. */
export function signInAgain(): void {
	const next = encodeURIComponent(location.pathname + location.search);
	location.assign(`/login?next=${next}`);
}

function decodeWith<T>(decoder: Decoder<T>, body: unknown): T | null {
	if (typeof decoder === 'function') return decoder(body);
	const r = decoder.safeParse(body);
	return r.success ? r.data : null;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The one error shape `{error, field?, code?}`, read from a refusal's body when it has one. */
async function refusal(res: Response, endpoint: string): Promise<ApiError> {
	const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
	return new ApiError(
		res.status,
		endpoint,
		text(body?.error) ?? null,
		text(body?.field),
		text(body?.code)
	);
}

async function request<B, T>(
	method: 'GET' | 'POST' | 'PATCH',
	url: string,
	body: unknown,
	read: (res: Response) => Promise<B>,
	decode: (body: B) => T | null,
	options: RequestOptions
): Promise<T> {
	const { signal, fetch: fetchFn = fetch, accept = 'application/json' } = options;
	const endpoint = url.split('?')[0] ?? url;
	let res: Response;
	try {
		res = await fetchFn(url, {
			method,
			signal,
			headers: body === undefined ? { accept } : { accept, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch (cause) {
		if (signal?.aborted) throw cause;
		throw new ApiError(0, endpoint, null, undefined, undefined, { cause });
	}
	if (!res.ok) {
		const err = await refusal(res, endpoint);
		const inBrowser = typeof location !== 'undefined';
		if (res.status === 401 && options.onUnauthorized !== 'throw' && inBrowser) signInAgain();
		throw err;
	}
	let raw: B;
	try {
		raw = await read(res);
	} catch (cause) {
		if (signal?.aborted) throw cause;
		throw new ApiError(-1, endpoint, null, undefined, undefined, { cause });
	}
	const decoded = decode(raw);
	if (decoded === null) throw new ApiError(-1, endpoint);
	return decoded;
}

const json = (res: Response) => res.json() as Promise<unknown>;

export function get<T>(url: string, decoder: Decoder<T>, options: RequestOptions = {}): Promise<T> {
	return request('GET', url, undefined, json, (b) => decodeWith(decoder, b), options);
}

export function post<T>(
	url: string,
	body: unknown,
	decoder: Decoder<T>,
	options: RequestOptions = {}
): Promise<T> {
	return request('POST', url, body, json, (b) => decodeWith(decoder, b), options);
}

export function patch<T>(
	url: string,
	body: unknown,
	decoder: Decoder<T>,
	options: RequestOptions = {}
): Promise<T> {
	return request('PATCH', url, body, json, (b) => decodeWith(decoder, b), options);
}

/** GET of a binary answer (`mediaType` is asked for), checked by `decode`. */
export function getBinary<T>(
	url: string,
	mediaType: string,
	decode: (bytes: ArrayBuffer) => T | null,
	options: RequestOptions = {}
): Promise<T> {
	return request('GET', url, undefined, (res) => res.arrayBuffer(), decode, {
		...options,
		accept: mediaType
	});
}

/** A contract whose answer is JSON the browser decodes. */
export type JsonContract = Contract & { answer: { schema: Schema } };

/** What a call of an endpoint sends: its path parameters, query string and body. */
export interface CallInput<C extends Contract> {
	params?: Readonly<Record<string, string | number>>;
	query?: Readonly<Record<string, string | number | undefined | null>>;
	body?: Sent<C>;
}

/**
 * Calls an endpoint by its contract: the path's `{name}`s filled in from `params`, the query
 * string from the defined values, the body as JSON, and the answer decoded with the contract's
 * own schema (`ApiError` -1 when it does not match what the server promised).
 */
export function call<C extends JsonContract>(
	contract: C,
	input: CallInput<C> = {},
	options: RequestOptions = {}
): Promise<Decoded<C>> {
	const path = contract.path.replace(/\{(\w+)\}/g, (_, name: string) =>
		encodeURIComponent(String(input.params?.[name] ?? ''))
	);
	const url = `${path}${query(input.query ?? {})}`;
	const method = contract.method;
	if (method !== 'GET' && method !== 'POST' && method !== 'PATCH') {
		throw new Error(`call: ${method} is not supported`);
	}
	const decode = (b: unknown) => {
		const r = z.safeParse(contract.answer.schema, b);
		return r.success ? (r.data as Decoded<C>) : null;
	};
	const accept = contract.answer.media
		? `${contract.answer.media}, application/json`
		: 'application/json';
	return request(method, url, input.body, json, decode, { accept, ...options });
}

/** True for the error an aborted fetch throws (the request was superseded). */
export function isAbort(err: unknown): boolean {
	return err instanceof DOMException && err.name === 'AbortError';
}

/** The server's sentence for a refusal, or `fallback` (a network failure, an unexpected body). */
export function messageOf(err: unknown, fallback: string): string {
	return err instanceof ApiError && err.serverMessage ? err.serverMessage : fallback;
}

/** A query string from defined values only ('' or '?…'). */
export function query(params: Record<string, string | number | undefined | null>): string {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== undefined && v !== null) p.set(k, String(v));
	const s = p.toString();
	return s ? `?${s}` : '';
}
