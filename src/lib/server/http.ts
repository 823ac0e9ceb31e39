/**
 * How the API answers a refusal. One shape everywhere, `{ error, field? }`: `error` is a sentence
 * in the caller's language (`locals.lang`, see lang.ts) that starts with the field or parameter
 * it is about; `field` names that body field, query or path parameter on its own.
 */
import { json } from '@sveltejs/kit';
import {
	apiText,
	isApiTextKey,
	localize,
	type ApiTextKey,
	type Lang,
	type TextParams
} from '$lib/domain/api-text';
import type { ParseResult } from '$lib/domain/params';
import { DatabaseUnavailableError } from './db/instance';

export interface ErrorBody {
	error: string;
	field?: string;
	/** A machine-readable reason a client can act on, e.g. `outside_zone` (ask to confirm). */
	code?: string;
	/** Only on unexpected (5xx) errors: the id under which the server logged it. */
	id?: string;
}

/** An error answer as it is sent: never cached, the field beside the message when there is one. */
export function errorResponse(
	status: number,
	message: string,
	field?: string,
	headers: Record<string, string> = {},
	code?: string
): Response {
	const body: ErrorBody = {
		error: message,
		...(field ? { field } : {}),
		...(code ? { code } : {})
	};
	return json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** A refusal by key: the message names `field` when given. */
export function refusal(
	lang: Lang,
	status: number,
	key: ApiTextKey,
	opts: { field?: string; params?: TextParams; headers?: Record<string, string> } = {}
): Response {
	const text = apiText(lang, key, opts.params);
	return errorResponse(
		status,
		opts.field ? `${opts.field}: ${text}` : text,
		opts.field,
		opts.headers
	);
}

/** A 400 whose message names the field or parameter, so the caller can fix the request. */
export function badRequest(
	lang: Lang,
	field: string,
	key: ApiTextKey,
	params?: TextParams
): Response {
	return refusal(lang, 400, key, { field, params });
}

export function notFound(lang: Lang, key: ApiTextKey, params?: TextParams): Response {
	return refusal(lang, 404, key, { params });
}

/** A failed parse (query string or body) as its 400. */
export function badParse(res: { field: string; message: string }): Response {
	return errorResponse(400, res.message, res.field);
}

/**
 * Every API error in the one shape. Our handlers already answer `{ error, field? }`; what
 * SvelteKit sends for a thrown `error()` (`{ message, … }`, or an HTML page when the client
 * asked for HTML), for an unknown route (via handleError) or for a method a route does not
 * have (plain text) is rewritten here, keeping status and headers.
 */
export async function apiErrorShape(res: Response, lang: Lang, method: string): Promise<Response> {
	if (res.status < 400) return res;
	let body: unknown;
	if (/^application\/json\b/i.test(res.headers.get('content-type') ?? '')) {
		body = await res
			.clone()
			.json()
			.catch(() => undefined);
	}
	const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
	if (typeof b.error === 'string') return res;
	const generic = `status.${res.status}`;
	const out: ErrorBody = {
		error:
			typeof b.message === 'string'
				? b.message
				: apiText(
						lang,
						isApiTextKey(generic) ? generic : res.status >= 500 ? 'status.500' : 'status.400',
						{ method }
					)
	};
	if (typeof b.field === 'string') out.field = b.field;
	if (typeof b.id === 'string') out.id = b.id;
	const headers = new Headers(res.headers);
	headers.set('content-type', 'application/json');
	headers.set('cache-control', 'no-store');
	headers.delete('content-length');
	return new Response(JSON.stringify(out), { status: res.status, headers });
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

export function unavailable(err: unknown, lang: Lang): Response | undefined {
	if (err instanceof DatabaseUnavailableError) {
		return refusal(lang, 503, 'dbUnavailable', { params: { detail: err.message } });
	}
	return undefined;
}

/** Unwraps a query parse or returns the 400 response to send. */
export function parsedOr400<T>(
	res: ParseResult<T>
): { value: T; response?: never } | { response: Response; value?: never } {
	return res.ok ? { value: res.value } : { response: badParse(res) };
}

/**
 * An expected refusal raised inside a transaction: thrown so the transaction rolls back (a
 * refused request changes nothing), then answered by `refusalOrThrow` with its status, in the
 * caller's language. `message` is a `msg(key)` marker, translated when answered.
 */
export class Refusal extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409 | 429 | 503,
		readonly field: string | undefined,
		message: string,
		readonly headers: Record<string, string> = {},
		/** See ErrorBody.code. */
		readonly code?: string
	) {
		super(message);
		this.name = 'Refusal';
	}

	/** The message in `lang`, naming the field. */
	text(lang: Lang): string {
		const text = localize(lang, this.message);
		return this.field ? `${this.field}: ${text}` : text;
	}

	answer(lang: Lang): Response {
		return errorResponse(this.status, this.text(lang), this.field, this.headers, this.code);
	}
}

export function refuse(
	status: Refusal['status'],
	field: string | undefined,
	message: string
): never {
	throw new Refusal(status, field, message);
}

// The database's refusals --------------------------------------------------------------------------

/** Constraint names → the request field they guard (for 4xx messages that name the field). */
const CONSTRAINT_FIELDS: Record<string, string> = {
	app_users_username_key: 'username',
	app_users_username_check: 'username',
	app_users_display_name_check: 'displayName',
	app_users_role_check: 'role',
	app_users_team_id_fkey: 'teamId',
	user_zones_zone_id_fkey: 'zones',
	user_units_zone_id_fkey: 'units',
	user_units_unit_code_check: 'units',
	api_tokens_name_check: 'name',
	api_tokens_role_check: 'role',
	api_tokens_zone_id_fkey: 'zone',
	api_tokens_team_id_fkey: 'teamId'
};

/**
 * Messages our SQL functions raise for the caller (errcode 22023), translated. They are written
 * in English in the migrations; anything not listed here is answered as "invalid" with the
 * function's own words in brackets.
 */
const SQL_MESSAGES: readonly (readonly [
	RegExp,
	(m: RegExpExecArray) => [ApiTextKey, TextParams?]
])[] = [
	[/signs in through Supabase Auth/, () => ['supabaseNoPassword']],
	[/^team (\S+) is not in the (token's zone|user's zones)/, () => ['teamNotInZones']],
	[/^unit (\S+) is not a current administrative unit/, (m) => ['unitNotCurrent', { unit: m[1]! }]],
	[/^expiry must be in the future/, () => ['future']],
	[/^cells smaller than (\d+) m are not published/, (m) => ['cellTooSmall', { min: m[1]! }]]
];

interface PgError {
	code?: string;
	message?: string;
	constraint?: string;
	constraint_name?: string;
	column?: string;
	column_name?: string;
}

/**
 * The database's refusals as answers in the caller's language (PGlite and postgres.js name the
 * error's fields differently): 42501 (privilege, row-level security, a function's own check) →
 * 403; P0002 (no such row) → 404; unique → 409; check, not-null, foreign key and every data
 * exception (class 22: bad value, bad date, too long, out of range…) → 400 naming the field.
 * Anything else is unexpected: `undefined`, for the caller to rethrow.
 */
export function dbRefusal(err: unknown, lang: Lang): Response | undefined {
	if (typeof err !== 'object' || err === null) return undefined;
	const e = err as PgError;
	const constraint = e.constraint ?? e.constraint_name;
	const field =
		(constraint && CONSTRAINT_FIELDS[constraint]) || e.column || e.column_name || 'body';
	switch (e.code) {
		case '42501':
			return refusal(lang, 403, 'forbidden');
		case 'P0002':
			return refusal(lang, 404, 'notFound');
		case '57014': // statement_timeout (STATEMENT_TIMEOUT_MS) ended the request's query
			return refusal(lang, 503, 'queryTimeout', { headers: { 'retry-after': '5' } });
		case '23505':
			return refusal(lang, 409, 'exists', { field });
		case '23503':
			return refusal(lang, 400, 'missingRef', { field });
		case '23514':
		case '23502':
		case '22001':
			return refusal(lang, 400, 'notAllowedValue', {
				field,
				params: { detail: constraint ?? e.code }
			});
		default: {
			// Class 22, data exception: a value the database cannot take (22007/22008 a bad date or
			// time, 22P02 bad syntax, 22021 a byte it cannot store, 22003 out of range, 22023 our
			// functions' own refusals…). It comes from the input, so it is the caller's 400.
			if (typeof e.code !== 'string' || !/^22[0-9A-Z]{3}$/.test(e.code)) return undefined;
			const text = e.message ?? '';
			for (const [re, keyOf] of SQL_MESSAGES) {
				const m = re.exec(text);
				if (m) {
					const [key, params] = keyOf(m);
					return refusal(lang, 400, key, { field, params });
				}
			}
			return refusal(lang, 400, 'dbRejected', { field, params: { detail: text.slice(0, 200) } });
		}
	}
}

/** A refusal thrown inside a request's transaction as its answer; anything else is rethrown. */
export function refusalOrThrow(err: unknown, lang: Lang): Response {
	if (err instanceof Refusal) return err.answer(lang);
	const res = dbRefusal(err, lang);
	if (res) return res;
	throw err;
}
