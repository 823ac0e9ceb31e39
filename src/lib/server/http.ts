/**
 * How the API refuses. One typed error everywhere: SvelteKit's `error()` with an `App.Error`
 * (`{ message, field?, code?, retryAfter? }`, src/app.d.ts), thrown by validation
 * (src/lib/server/input.ts), by services (`refuse`) and, for the database's refusals, by the
 * endpoint wrapper (`refusalOf`, src/lib/server/endpoint.ts). The hooks answer it once, in one
 * shape, `{ error, field?, code? }`: `error` is a sentence in the caller's language that starts
 * with the field or parameter it is about; `field` names that body field, query or path
 * parameter on its own (see `errorAnswer`).
 */
import { error, isHttpError, json } from '@sveltejs/kit';
import {
	apiText,
	isApiTextKey,
	localize,
	msg,
	type ApiTextKey,
	type Lang,
	type TextParams
} from '$lib/domain/api-text';
import type { RefusalStatus } from '$lib/domain/contract';
import { DatabaseUnavailableError } from './db/instance';

export interface ErrorBody {
	error: string;
	field?: string;
	/** A machine-readable reason a client can act on, e.g. `outside_zone` (ask to confirm). */
	code?: string;
	/** Only on unexpected (5xx) errors: the id under which the server logged it. */
	id?: string;
}

/**
 * Refuses the request: throws the API's one error. `message` is a `msg()` marker (translated
 * when answered) or a sentence already in the caller's language, without the field, which the
 * answer puts in front. Thrown inside a request's transaction, it rolls the transaction back, so
 * a refused request changes nothing.
 */
export function refuse(
	status: RefusalStatus,
	field: string | undefined,
	message: string,
	extra: { code?: string; retryAfter?: number } = {}
): never {
	error(status, { message, ...(field ? { field } : {}), ...extra });
}

/** A refusal as the endpoint wrapper answers it: status and App.Error, before the hooks' shape. */
export interface RefusalOf {
	status: number;
	body: App.Error;
}

/**
 * What a thrown value refuses: a refusal as it is, the database's refusals and an unusable
 * database in the same form; undefined for anything else (a fault: the hooks log it and answer
 * a safe 500).
 */
export function refusalOf(err: unknown): RefusalOf | undefined {
	if (isHttpError(err)) return { status: err.status, body: err.body };
	if (err instanceof DatabaseUnavailableError) {
		return { status: 503, body: { message: msg('dbUnavailable', { detail: err.message }) } };
	}
	return databaseRefusal(err);
}

/**
 * The raw answer of a refusal, its message in `lang`: what SvelteKit answers for a thrown
 * `error()`, but never content-negotiated. The hooks give it its one shape (errorAnswer).
 */
export function refusalAnswer(r: RefusalOf, lang: Lang): Response {
	return json({ ...r.body, message: localize(lang, r.body.message) }, { status: r.status });
}

/** A refusal's sentence in `lang`, starting with the field it is about. */
export function refusalText(lang: Lang, e: App.Error): string {
	const text = localize(lang, e.message);
	return e.field ? `${e.field}: ${text}` : text;
}

/**
 * The API's one error shape, answered: the message translated into `lang` and prefixed with the
 * field, `Retry-After` from the error, never cached.
 */
export function errorAnswer(
	lang: Lang,
	status: number,
	e: App.Error,
	headers: HeadersInit = {}
): Response {
	const body: ErrorBody = {
		error: refusalText(lang, e),
		...(e.field ? { field: e.field } : {}),
		...(e.code ? { code: e.code } : {}),
		...(e.id ? { id: e.id } : {})
	};
	const h = new Headers(headers);
	h.set('content-type', 'application/json');
	h.set('cache-control', 'no-store');
	h.delete('content-length');
	if (e.retryAfter !== undefined) h.set('retry-after', String(e.retryAfter));
	return new Response(JSON.stringify(body), { status, headers: h });
}

/** A refusal by key, answered at once (the hooks' own refusals). */
export function refusalByKey(
	lang: Lang,
	status: number,
	key: ApiTextKey,
	opts: { field?: string; params?: TextParams; retryAfter?: number; headers?: HeadersInit } = {}
): Response {
	const { field, params, retryAfter, headers } = opts;
	return errorAnswer(
		lang,
		status,
		{ message: apiText(lang, key, params), field, retryAfter },
		headers
	);
}

/**
 * Every API error answer in the one shape. The endpoint wrapper answers a refusal as its raw
 * App.Error (`{ message, field?, code?, retryAfter? }`), as SvelteKit does for a thrown `error()`
 * elsewhere, for an unknown route (via handleError) or a method a route does not have (plain
 * text); it is all answered here, keeping status and headers. A body that is already in the
 * shape (`error`, the health check's 503) is left as it is.
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
	const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
	const generic = `status.${res.status}`;
	const e: App.Error = {
		message:
			text(b.message) ??
			apiText(
				lang,
				isApiTextKey(generic) ? generic : res.status >= 500 ? 'status.500' : 'status.400',
				{ method }
			),
		field: text(b.field),
		code: text(b.code),
		id: text(b.id),
		retryAfter: typeof b.retryAfter === 'number' ? b.retryAfter : undefined
	};
	return errorAnswer(lang, res.status, e, res.headers);
}

/**
 * How an unexpected error is logged: its kind, SQLSTATE and the place it was thrown from, never
 * its message (a database's message can quote the values the request sent).
 */
export function faultSummary(err: unknown): string {
	if (!(err instanceof Error)) return typeof err;
	const e = err as Error & PgError;
	const where = (err.stack ?? '')
		.split('\n')
		.slice(1)
		.map((l) => l.trim())
		.filter((l) => l.startsWith('at '))
		.slice(0, 4)
		.join(' | ');
	const sql = e.code ? ` SQLSTATE ${e.code}${e.routine ? ` (${e.routine})` : ''}` : '';
	return `${err.name}${sql}${where ? ` ${where}` : ''}`;
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
	routine?: string;
}

/**
 * The database's refusals (PGlite and postgres.js name the error's fields differently), by the
 * SQLSTATE classes a request's input can cause: 42501 (privilege, row-level security, a
 * function's own check) → 403; P0002 (no such row) → 404; class 23, integrity: unique and
 * exclusion → 409, a missing reference → 400, every other (check, not null, restrict) and a
 * value too long (22001) → 400;
 * class 22, data exception (a bad date or time, bad syntax, a byte it cannot store, out of
 * range, our functions' own 22023 refusals…) → 400 naming the field; 57014 (the statement
 * timeout ended the query) → 503 with Retry-After. Anything else is a fault: undefined.
 */
export function databaseRefusal(err: unknown): RefusalOf | undefined {
	if (typeof err !== 'object' || err === null) return undefined;
	const e = err as PgError;
	if (typeof e.code !== 'string') return undefined;
	const constraint = e.constraint ?? e.constraint_name;
	const field =
		(constraint && CONSTRAINT_FIELDS[constraint]) || e.column || e.column_name || 'body';
	const refused = (status: number, message: string, f?: string, retryAfter?: number) => ({
		status,
		body: { message, ...(f ? { field: f } : {}), ...(retryAfter ? { retryAfter } : {}) }
	});
	switch (e.code) {
		case '42501':
			return refused(403, msg('forbidden'));
		case 'P0002':
			return refused(404, msg('notFound'));
		case '57014': // statement_timeout (STATEMENT_TIMEOUT_MS) ended the request's query
			return refused(503, msg('queryTimeout'), undefined, 5);
		case '23505':
		case '23P01':
			return refused(409, msg('exists'), field);
		case '23503':
			return refused(400, msg('missingRef'), field);
	}
	if (e.code.startsWith('23') || e.code === '22001') {
		return refused(400, msg('notAllowedValue', { detail: constraint ?? e.code }), field);
	}
	if (!e.code.startsWith('22')) return undefined;
	// Class 22: a value the database cannot take. It comes from the input: the caller's 400.
	const text = e.message ?? '';
	for (const [re, keyOf] of SQL_MESSAGES) {
		const m = re.exec(text);
		if (m) return refused(400, msg(...keyOf(m)), field);
	}
	return refused(400, msg('dbRejected', { detail: text.slice(0, 200) }), field);
}
