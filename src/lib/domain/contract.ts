/**
 * An endpoint's contract: everything the API promises about one method on one path, written
 * once. The route validates its input with it (`endpoint()`, src/lib/server/endpoint.ts), the
 * OpenAPI document is generated from every contract (src/lib/server/openapi.ts), the browser
 * decodes the answer with it (src/lib/api/client.ts) and the hostile-input tests attack every
 * parameter and field it names. Contracts are pure data and zod/mini schemas: the server and the
 * browser import the same ones (src/lib/domain/contracts/<area>.ts).
 */
import type * as z from 'zod/mini';
import type { PersonalField } from './personal-fields';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Any zod schema (zod/mini's, or classic zod's: both are zod 4 core schemas). */
export type Schema = z.core.$ZodType;

/** The OpenAPI document's groups. */
export const TAGS = {
	meta: 'Health and this document.',
	auth: 'Sessions.',
	map: 'Zone layers.',
	incidents: 'Incidents and their aggregates.',
	teams: 'Self-managed security teams.',
	tips: 'The public tip line and its triage.',
	live: 'Change notifications.',
	patrols: 'Patrol plans, their analyses and files; patrol units’ positions.',
	analytics: "The steering board's trends, hot spots and QL10 safety.",
	admin: 'Users, machine tokens, audit trail (administrators only).',
	basemap: 'The basemap served by the app.'
} as const;
export type Tag = keyof typeof TAGS;

/** A JSON request body. */
export interface BodySpec {
	schema: Schema;
	/** The largest body accepted, in bytes: 413 beyond it. */
	maxBytes: number;
	/** A request without a body counts as `{}`. */
	optional?: true;
}

/** A header of the answer (or of the request, `requestHeaders`). */
export interface HeaderSpec {
	description: string;
	schema: Schema;
}

/** The successful answer. */
export interface AnswerSpec {
	/** Default 200; 204: no body (the handler answers a Response of its own). */
	status?: 200 | 201 | 202 | 204 | 206;
	description: string;
	/** What the answer holds as JSON (the browser decodes it with this); none: not JSON. */
	schema?: Schema;
	/** Default `application/json`. */
	media?: string;
	/**
	 * The handler returns the answer as the text PostgreSQL built (GeoJSON), sent without a parse
	 * on the server; `schema` still says what it holds.
	 */
	text?: true;
	/** Other media types the same answer comes in (asked for with `Accept`), described. */
	alternatives?: Readonly<Record<string, string>>;
	headers?: Readonly<Record<string, HeaderSpec>>;
	/** `cache-control`; default `no-store`. */
	cache?: string;
}

/** A refusal this endpoint gives beyond those of every endpoint (bad input, sign-in, limits). */
export interface RefusalSpec {
	description: string;
	/** Reasons the answer can carry in `code`, for a client to act on (e.g. `outside_zone`). */
	codes?: readonly string[];
	/** The answer says when to try again (`Retry-After`). */
	retryAfter?: true;
	/** The answer has no body (not the API's error shape). */
	empty?: true;
}

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 416 | 429 | 503;

export interface Contract {
	method: Method;
	/** As OpenAPI writes it: `/api/tips/{id}/reject`. */
	path: `/${string}`;
	summary: string;
	description?: string;
	tag: Tag;
	/** No sign-in needed (the hooks let anonymous requests through). */
	public?: true;
	/** The query parameters: a strict object (an unknown parameter is refused). None: no parameter. */
	query?: Schema;
	/** The path parameters: an object with one key per `{name}` in `path`. */
	params?: Schema;
	/** A JSON body; none: a body, if any, is not read. */
	body?: BodySpec;
	/** Request headers the endpoint reads (documentation). */
	requestHeaders?: Readonly<Record<string, HeaderSpec>>;
	answer: AnswerSpec;
	refusals?: Readonly<Partial<Record<RefusalStatus, string | RefusalSpec>>>;
	/** The personal fields the answer can carry; every answer that does is audited. */
	personal?: readonly PersonalField[];
}

/** Declares a contract (the identity, for its type: routes and clients see its exact schemas). */
export function contract<const C extends Contract>(c: C): C {
	return c;
}

/** What a parse of `S` yields (undefined when there is no schema). */
export type Parsed<S> = [S] extends [undefined] ? undefined : z.output<NonNullable<S> & Schema>;

/** The answer's JSON as the browser decodes it (numbers from numeric text, …). */
export type Decoded<C extends Contract> = C['answer'] extends { schema: infer S extends Schema }
	? z.output<S>
	: unknown;

/** The answer as a handler builds it (the schema's input side). */
export type Encoded<C extends Contract> = C['answer'] extends { text: true }
	? string
	: C['answer'] extends { schema: infer S extends Schema }
		? z.input<S>
		: never;

/** A request body as a client sends it. */
export type Sent<C extends Contract> = C['body'] extends { schema: infer S }
	? z.input<S & Schema>
	: undefined;
