/**
 * The HTTP API as an OpenAPI 3.1 document, served at GET /api/openapi.json, generated from the
 * endpoints' contracts (src/lib/server/contracts.ts): their schemas become JSON Schema (zod's
 * `toJSONSchema`, the wire form: what a client sends and receives), and the refusals every
 * endpoint of a kind gives (bad input, sign-in, the origin rule, limits) are added to each.
 */
import * as z from 'zod/mini';
import {
	TAGS,
	type Contract,
	type RefusalSpec,
	type RefusalStatus,
	type Schema
} from '$lib/domain/contract';
import { SESSION_COOKIE } from '$lib/domain/contracts/auth';
import { TOKEN_PREFIX } from '$lib/domain/contracts/admin';
import { CONTRACTS, type NamedContract } from './contracts';

/** A JSON Schema (draft 2020-12, as OpenAPI 3.1 embeds it). */
export type JsonSchema = { [keyword: string]: unknown };

/** A schema's wire form as JSON Schema. */
export function jsonSchemaOf(schema: Schema): JsonSchema {
	const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
	delete out.$schema;
	return out;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const RETRY_AFTER = {
	'retry-after': { description: 'Seconds to wait.', schema: { type: 'integer' } }
};

/** The refusals every endpoint of a kind gives, before its own. */
function commonRefusals(c: Contract): Partial<Record<RefusalStatus, RefusalSpec>> {
	const out: Partial<Record<RefusalStatus, RefusalSpec>> = {
		400: {
			description:
				'A parameter or field is invalid, unknown or repeated (`lang` included); `field` names it.'
		}
	};
	if (c.body) {
		out[413] = { description: `The body is larger than ${c.body.maxBytes} bytes.` };
		out[415] = { description: 'The body is not `application/json`.' };
	}
	const writes = c.method !== 'GET';
	if (!c.public) {
		out[401] = { description: 'No valid session cookie or bearer token.' };
		out[429] = {
			description: 'More requests of this session or token in progress than allowed at once.',
			retryAfter: true
		};
	}
	if (!c.public || writes) {
		out[403] = {
			description: [
				!c.public && 'Your role or scope does not allow this.',
				writes && 'A state-changing request from another origin (the origin rule).'
			]
				.filter(Boolean)
				.join(' ')
		};
	}
	if (c.tag !== 'meta' && c.tag !== 'basemap') {
		out[503] = {
			description:
				'The database is not usable (yet), or a statement ran longer than the server allows.',
			retryAfter: true
		};
	}
	return out;
}

const asSpec = (r: string | RefusalSpec): RefusalSpec =>
	typeof r === 'string' ? { description: r } : r;

function responses(c: Contract): Record<string, unknown> {
	const a = c.answer;
	const media = a.media ?? 'application/json';
	const content: Record<string, { schema: JsonSchema }> = {
		[media]: {
			schema: a.schema
				? jsonSchemaOf(a.schema)
				: { type: 'string', ...(media === 'text/event-stream' ? {} : { format: 'binary' }) }
		}
	};
	for (const alt of Object.keys(a.alternatives ?? {}))
		content[alt] = { schema: { type: 'string', format: 'binary' } };
	const headers = Object.fromEntries(
		Object.entries(a.headers ?? {}).map(([name, h]) => [
			name,
			{ description: h.description, schema: jsonSchemaOf(h.schema) }
		])
	);
	const alternatives = Object.entries(a.alternatives ?? {})
		.map(([m, d]) => ` \`${m}\`: ${d}`)
		.join('');
	const out: Record<string, unknown> = {
		[String(a.status ?? 200)]: {
			description: a.description + alternatives,
			...(Object.keys(headers).length ? { headers } : {}),
			content
		}
	};
	const common = commonRefusals(c);
	const statuses = new Set([...Object.keys(common), ...Object.keys(c.refusals ?? {})].map(Number));
	for (const status of [...statuses].sort() as RefusalStatus[]) {
		const own = c.refusals?.[status];
		const general = common[status];
		const spec = own ? asSpec(own) : general!;
		const description = [own && asSpec(own).description, general?.description]
			.filter(Boolean)
			.join(' Otherwise: ');
		const codes = spec.codes;
		out[String(status)] = {
			description,
			...(spec.retryAfter || general?.retryAfter ? { headers: RETRY_AFTER } : {}),
			...(status === 401
				? { headers: { 'www-authenticate': { description: 'Bearer', schema: { type: 'string' } } } }
				: {}),
			...(spec.empty
				? {}
				: {
						content: {
							'application/json': {
								schema: codes
									? { allOf: [ERROR_REF, { properties: { code: { enum: [...codes] } } }] }
									: ERROR_REF
							}
						}
					})
		};
	}
	return out;
}

/** The query or path parameters. */
function parametersOf(schema: Schema | undefined, where: 'query' | 'path') {
	if (!schema) return [];
	const s = jsonSchemaOf(schema);
	const required = new Set((s.required as string[] | undefined) ?? []);
	return Object.entries((s.properties ?? {}) as Record<string, JsonSchema>).map(
		([name, { description, ...schema }]) => ({
			name,
			in: where,
			...(where === 'path' || required.has(name) ? { required: true } : {}),
			...(description ? { description } : {}),
			schema
		})
	);
}

function operation({ name, contract: c }: NamedContract) {
	const personal = c.personal?.length
		? `Carries personal fields (${c.personal.join(', ')}) to roles allowed them; every answer that does is written to the audit trail (\`read.personal\`).`
		: undefined;
	const description = [c.description, personal].filter(Boolean).join(' ');
	return {
		operationId: name,
		summary: c.summary,
		...(description ? { description } : {}),
		tags: [c.tag],
		...(c.public ? { security: [] } : {}),
		parameters: [
			...parametersOf(c.params, 'path'),
			...parametersOf(c.query, 'query'),
			...Object.entries(c.requestHeaders ?? {}).map(([h, spec]) => ({
				name: h,
				in: 'header',
				description: spec.description,
				schema: jsonSchemaOf(spec.schema)
			})),
			{ $ref: '#/components/parameters/lang' }
		],
		...(c.body
			? {
					requestBody: {
						required: !c.body.optional,
						content: {
							'application/json': { schema: jsonSchemaOf(c.body.schema) }
						}
					}
				}
			: {}),
		responses: responses(c),
		...(c.personal?.length ? { 'x-personal-fields': [...c.personal] } : {})
	};
}

function build() {
	const paths: Record<string, Record<string, unknown>> = {};
	for (const named of CONTRACTS) {
		(paths[named.contract.path] ??= {})[named.contract.method.toLowerCase()] = operation(named);
	}
	const codes = [
		...new Set(
			CONTRACTS.flatMap(({ contract }) =>
				Object.values(contract.refusals ?? {}).flatMap((r) =>
					typeof r === 'string' ? [] : (r.codes ?? [])
				)
			)
		)
	];
	return {
		openapi: '3.1.0' as const,
		info: {
			title: 'Bản đồ tình hình ANTT — security situation map API',
			version: '0.1.0',
			description:
				'Every parameter is optional unless marked required; an unknown or repeated parameter is a 400. Every endpoint also takes `lang=vi|en` (anything else is a 400): error messages are in that language, else in the language of the `lang` cookie, else by `Accept-Language` (Vietnamese unless English ranks higher). A bare date or a time without an offset is Vietnam time (UTC+7). Row-level security in the database decides every row; the answers here say what each role gets. Generated from the endpoints’ contracts (src/lib/domain/contracts/).',
			license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' }
		},
		servers: [{ url: '/' }],
		tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
		security: [{ sessionCookie: [] }, { apiToken: [] }, { supabaseJwt: [] }],
		paths,
		components: {
			schemas: {
				Error: {
					type: 'object',
					description:
						'Every refusal, in the caller’s language (see `lang`). `error` starts with the field or parameter it is about; `field` names that body field, query or path parameter on its own; `code`, when present, is a reason a client can act on (`outside_zone`: resend with `confirmOutsideZone: true` if the point is right); `id` (5xx only) is the id under which the server logged the fault.',
					properties: {
						error: { type: 'string' },
						field: { type: 'string' },
						code: { enum: codes },
						id: { type: 'string' }
					},
					required: ['error']
				}
			},
			parameters: {
				lang: {
					name: 'lang',
					in: 'query',
					description: 'The language of error messages.',
					schema: { enum: ['vi', 'en'] }
				}
			},
			securitySchemes: {
				sessionCookie: {
					type: 'apiKey',
					in: 'cookie',
					name: SESSION_COOKIE,
					description: 'Set by POST /api/auth/login (HttpOnly, SameSite=Lax).'
				},
				apiToken: {
					type: 'http',
					scheme: 'bearer',
					bearerFormat: `${TOKEN_PREFIX}…`,
					description: 'A machine token created by an administrator (POST /api/admin/tokens).'
				},
				supabaseJwt: {
					type: 'http',
					scheme: 'bearer',
					bearerFormat: 'JWT',
					description:
						'A Supabase access token, when SUPABASE_JWT_SECRET is configured and the user has an account here.'
				}
			}
		}
	};
}

export type OpenApiDocument = ReturnType<typeof build>;

let built: OpenApiDocument | undefined;

/** The document (built once: it depends on the contracts alone). */
export function openApiDocument(): OpenApiDocument {
	return (built ??= build());
}
