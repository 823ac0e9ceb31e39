import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ApiError, get, getBinary, messageOf, patch, post } from '../../src/lib/api/client';

/** A `fetch` answering every request with `answer`, recording what it was asked. */
function server(answer: () => Response | Promise<Response>) {
	const calls: { url: string; init: RequestInit }[] = [];
	const fetchFn = (async (url: string, init: RequestInit) => {
		calls.push({ url, init });
		return answer();
	}) as unknown as typeof fetch;
	return { calls, fetchFn };
}

const jsonAnswer = (body: unknown, status = 200) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const countSchema = z.object({ count: z.number() });

async function caught(p: Promise<unknown>): Promise<ApiError> {
	const err = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(ApiError);
	return err as ApiError;
}

describe('the API client', () => {
	const realLocation = Object.getOwnPropertyDescriptor(globalThis, 'location');
	afterEach(() => {
		if (realLocation) Object.defineProperty(globalThis, 'location', realLocation);
		else delete (globalThis as { location?: unknown }).location;
	});

	it('returns the answer decoded with its schema, asking for JSON', async () => {
		const { calls, fetchFn } = server(() => jsonAnswer({ count: 3, extra: true }));
		expect(await get('/api/x?zone=a', countSchema, { fetch: fetchFn })).toEqual({ count: 3 });
		expect(new Headers(calls[0]!.init.headers).get('accept')).toBe('application/json');
		expect(calls[0]!.init.method).toBe('GET');
	});

	it('sends POST and PATCH bodies as JSON', async () => {
		const { calls, fetchFn } = server(() => jsonAnswer({ count: 1 }, 201));
		await post('/api/x', { a: 1 }, countSchema, { fetch: fetchFn });
		await patch('/api/x/1', { b: 2 }, countSchema, { fetch: fetchFn });
		expect(calls.map((c) => [c.init.method, c.init.body])).toEqual([
			['POST', '{"a":1}'],
			['PATCH', '{"b":2}']
		]);
		expect(new Headers(calls[1]!.init.headers).get('content-type')).toBe('application/json');
	});

	it('turns a refusal into one ApiError with the status, the sentence, the field and the code', async () => {
		const { fetchFn } = server(() =>
			jsonAnswer({ error: 'lon: ngoài vùng', field: 'lon', code: 'outside_zone' }, 400)
		);
		const err = await caught(post('/api/incidents?lang=vi', {}, countSchema, { fetch: fetchFn }));
		expect(err).toMatchObject({
			status: 400,
			endpoint: '/api/incidents',
			serverMessage: 'lon: ngoài vùng',
			field: 'lon',
			code: 'outside_zone'
		});
		expect(messageOf(err, 'fallback')).toBe('lon: ngoài vùng');
	});

	it('reports an answer that does not match its schema as status -1, not as data', async () => {
		const { fetchFn } = server(() => jsonAnswer({ count: 'three' }));
		const err = await caught(get('/api/x', countSchema, { fetch: fetchFn }));
		expect(err.status).toBe(-1);
		expect(messageOf(err, 'fallback')).toBe('fallback');
	});

	it('reports a request that got no answer as status 0', async () => {
		const { fetchFn } = server(() => Promise.reject(new TypeError('Failed to fetch')));
		expect((await caught(get('/api/x', countSchema, { fetch: fetchFn }))).status).toBe(0);
	});

	it('lets an aborted request end with the abort, not an ApiError', async () => {
		const controller = new AbortController();
		const { fetchFn } = server(() => {
			controller.abort();
			return Promise.reject(new DOMException('aborted', 'AbortError'));
		});
		const err = await get('/api/x', countSchema, {
			fetch: fetchFn,
			signal: controller.signal
		}).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(DOMException);
	});

	it('asks for a binary frame by its media type and decodes its bytes', async () => {
		const { calls, fetchFn } = server(() => new Response(new Uint8Array([1, 2, 3])));
		const sum = await getBinary(
			'/api/frame',
			'application/vnd.test',
			(bytes) => new Uint8Array(bytes).reduce((a, b) => a + b, 0),
			{ fetch: fetchFn }
		);
		expect(sum).toBe(6);
		expect(new Headers(calls[0]!.init.headers).get('accept')).toBe('application/vnd.test');
	});

	it('sends the browser to the login page on a 401, coming back to the page it was on', async () => {
		const assigned: string[] = [];
		Object.defineProperty(globalThis, 'location', {
			configurable: true,
			value: { pathname: '/', search: '?l=teams', assign: (url: string) => assigned.push(url) }
		});
		const { fetchFn } = server(() => jsonAnswer({ error: 'sign in' }, 401));
		expect((await caught(get('/api/teams', countSchema, { fetch: fetchFn }))).status).toBe(401);
		expect(assigned).toEqual(['/login?next=%2F%3Fl%3Dteams']);

		await caught(get('/api/teams', countSchema, { fetch: fetchFn, onUnauthorized: 'throw' }));
		expect(assigned).toHaveLength(1);
	});
});
