import { json } from '@sveltejs/kit';
import type { ParseResult } from '$lib/domain/params';
import { DatabaseUnavailableError } from './db/instance';

/** A 400 whose message names the parameter, so the caller can fix the request. */
export function badRequest(param: string, message: string): Response {
	return json({ error: message, param }, { status: 400 });
}

export function notFound(message: string): Response {
	return json({ error: message }, { status: 404 });
}

/** Sends JSON that PostgreSQL already serialised (large collections skip a parse/stringify). */
export function geojsonText(body: string, headers: Record<string, string> = {}): Response {
	return new Response(body, {
		headers: {
			'content-type': 'application/geo+json; charset=utf-8',
			'cache-control': 'no-store',
			...headers
		}
	});
}

export function unavailable(err: unknown): Response | undefined {
	if (err instanceof DatabaseUnavailableError) {
		return json({ error: `database unavailable: ${err.message}` }, { status: 503 });
	}
	return undefined;
}

/** Unwraps a query parse or returns the 400 response to send. */
export function parsedOr400<T>(
	res: ParseResult<T>
): { value: T; response?: never } | { response: Response; value?: never } {
	return res.ok ? { value: res.value } : { response: badRequest(res.param, res.message) };
}
