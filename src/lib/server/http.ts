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

/**
 * Maps the database's refusals to the HTTP answer a caller can act on. Row-level security and
 * missing privileges are 403; constraint violations are 400. Anything else is rethrown.
 */
export function dbRefusal(err: unknown): Response {
	const e = err as { code?: string; constraint_name?: string; constraint?: string };
	switch (e.code) {
		case '42501':
			return json({ error: 'forbidden: your role or scope does not allow this' }, { status: 403 });
		case '23514':
		case '23502':
		case '22P02':
		case '22023':
		case '23503':
			return json(
				{ error: `rejected by the database (${e.constraint_name ?? e.constraint ?? e.code})` },
				{ status: 400 }
			);
		default:
			throw err;
	}
}
