/**
 * The HTTP API as an OpenAPI 3.1 document, served at GET /api/openapi.json. Paths and answers
 * are written by hand; request bodies that have an exported zod schema are converted from it,
 * so the document cannot drift from what the handlers accept. tests/unit/openapi.test.ts fails
 * when a route file exports a verb this document does not describe, or the other way round.
 */
import { INCIDENT_COLUMNS_MEDIA_TYPE } from '$lib/domain/incident-wire';
import { z } from 'zod';
import {
	CATEGORY_CODES,
	CATEGORY_GROUPS,
	INCIDENT_SOURCES,
	INCIDENT_STATUSES
} from '$lib/domain/categories';
import { ANALYTICS_ENDPOINTS } from '$lib/domain/analytics';
import { incidentCreate, incidentPatch } from '$lib/domain/incident-input';
import { dateParam, instantParam } from '$lib/domain/params';
import { teamReportCreate } from '$lib/domain/team-report-input';
import { LAYER_ENDPOINTS } from '$lib/map/layers/contracts';
import type { OwnParameter, SharedParameter } from '$lib/map/layers/layer-contract';
import {
	tipConvertSchema,
	tipDuplicateSchema,
	tipRejectSchema,
	tipSubmitSchema,
	TIP_STATUSES,
	PUBLIC_TIP_STATUSES
} from '$lib/domain/tips';
import { tokenCreate, userCreate, userPatch } from './admin/admin.schemas';
import { CHAIN_BREAKS } from './audit/audit-chain';
import { PERSONAL_ANSWERS } from './audit/personal-fields';
import { APP_ROLES } from './auth/principal';
import { SESSION_COOKIE } from './auth/sessions';
import { TOKEN_PREFIX } from './auth/tokens';

// The subset of OpenAPI 3.1 this document uses ---------------------------------------------------

/** A JSON Schema (draft 2020-12, as OpenAPI 3.1 embeds it). */
export type JsonSchema = { [keyword: string]: unknown };

export interface Parameter {
	name: string;
	in: 'query' | 'path' | 'header' | 'cookie';
	required?: boolean;
	description?: string;
	schema: JsonSchema;
}

export interface MediaType {
	schema: JsonSchema;
	example?: unknown;
}

export interface ResponseObject {
	description: string;
	headers?: Record<string, { description: string; schema: JsonSchema }>;
	content?: Record<string, MediaType>;
}

export interface Reference {
	$ref: string;
}

export type SecurityRequirement = Record<string, string[]>;

export interface Operation {
	operationId: string;
	summary: string;
	description?: string;
	tags: string[];
	/** Absent: the document's default (signed in); `[]`: no sign-in needed. */
	security?: SecurityRequirement[];
	parameters?: Parameter[];
	requestBody?: { required: boolean; description?: string; content: Record<string, MediaType> };
	responses: Record<string, ResponseObject | Reference>;
	/** The personal fields the answer can carry (PERSONAL_ANSWERS); each such answer is audited. */
	'x-personal-fields'?: readonly string[];
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type PathItem = { [M in HttpMethod]?: Operation };

export interface OpenApiDocument {
	openapi: '3.1.0';
	info: {
		title: string;
		version: string;
		description: string;
		license: { name: string; identifier: string };
	};
	servers: { url: string }[];
	tags: { name: string; description: string }[];
	security: SecurityRequirement[];
	paths: Record<string, PathItem>;
	components: {
		securitySchemes: Record<string, JsonSchema>;
		schemas: Record<string, JsonSchema>;
		responses: Record<string, ResponseObject>;
	};
}

// Building blocks ---------------------------------------------------------------------------------

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const errorRef = (name: string): Reference => ({ $ref: `#/components/responses/${name}` });

/** A request body schema converted from the zod schema the handler parses it with. */
function fromZod(schema: z.ZodType): JsonSchema {
	const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
	delete out.$schema;
	return out;
}

const jsonBody = (schema: JsonSchema, description?: string, required = true) => ({
	required,
	...(description ? { description } : {}),
	content: { 'application/json': { schema } }
});

const ok = (
	description: string,
	schema: JsonSchema,
	type = 'application/json'
): ResponseObject => ({
	description,
	content: { [type]: { schema } }
});

const geojson = (description: string, schema: JsonSchema = ref('FeatureCollection')) =>
	ok(description, schema, 'application/geo+json');

const PUBLIC: SecurityRequirement[] = [];

const q = (
	name: string,
	description: string,
	schema: JsonSchema = { type: 'string' }
): Parameter => ({
	name,
	in: 'query',
	description,
	schema
});

const idPath = (description: string, schema: JsonSchema): Parameter => ({
	name: 'id',
	in: 'path',
	required: true,
	description,
	schema
});

/** A date or date-time parameter, as src/lib/domain/time.ts reads it. */
const timeParam = (examples: string[]): JsonSchema => ({ ...fromZod(instantParam), examples });

const P = {
	zone: q('zone', 'Zone code; default: the first zone in your scope.', {
		type: 'string',
		pattern: '^[a-z0-9][a-z0-9-]{1,62}$'
	}),
	from: q('from', 'Start.', timeParam(['2026-11-01', '2026-11-01T08:30:00+07:00'])),
	to: q('to', 'Exclusive end; must be later than `from`.', timeParam(['2026-12-01'])),
	bbox: q('bbox', 'minLon,minLat,maxLon,maxLat (WGS 84).', {
		type: 'string',
		examples: ['106.54,20.85,106.62,20.90']
	}),
	category: q('category', 'Comma-separated incident category codes.', {
		type: 'string',
		examples: ['theft,robbery']
	}),
	incidentId: idPath('Incident id.', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }),
	tipId: idPath('Tip id.', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }),
	uuid: (what: string) => idPath(`${what} id.`, { type: 'string', format: 'uuid' })
};

/** The refusals every signed-in endpoint can give. */
const signedIn = {
	'401': errorRef('Unauthorized'),
	'403': errorRef('Forbidden'),
	'429': errorRef('TooManyRequests')
};
const badInput = { '400': errorRef('BadRequest') };
const badBody = {
	...badInput,
	'413': errorRef('PayloadTooLarge'),
	'415': errorRef('UnsupportedMediaType')
};

// Schemas of the answers ----------------------------------------------------------------------------

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const isoInstant = { type: 'string', format: 'date-time' };
const num = { type: 'number' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const uuid = { type: 'string', format: 'uuid' };
const obj = (
	properties: Record<string, JsonSchema>,
	required = Object.keys(properties)
): JsonSchema => ({
	type: 'object',
	properties,
	required
});

/**
 * The disclosure rule (README "Disclosure rule for aggregate-only roles"): what every aggregate
 * answer says about the window it counted and how its counts were published.
 */
const DISCLOSURE_NOTE =
	'For a role that sees aggregates only (the board; `app.role_disclosure`) the window is widened to whole Vietnam (UTC+7) days ending no later than the start of today, every count is the sum of cell-key-perturbed counts of elementary cells (day × category × status × area) and is never 1 or 2, and a count below 3 is `null` ("< 3") with `suppressed: true`; every category, unit and status is listed. Other roles get exact counts and the window they asked for.';
/** A count as published: null is a suppressed value (below 3; protected answers only). */
const publishedCount: JsonSchema = {
	anyOf: [int, { type: 'null' }],
	description: 'null: suppressed, below 3 ("< 3"); protected answers only.'
};
const publishedWindow = {
	window: {
		...obj({ from: isoInstant, to: isoInstant }),
		description: 'The window counted: whole Vietnam days for protected answers.'
	},
	disclosure: {
		enum: ['exact', 'protected'],
		description: '`protected`: the disclosure rule applied (aggregate-only roles).'
	},
	suppressed: { ...bool, description: 'Whether any count of the answer is null (below 3).' }
};

const schemas: Record<string, JsonSchema> = {
	Error: {
		type: 'object',
		description:
			'Every refusal, in the caller’s language (see the `lang` parameter). `error` starts with the field or parameter it is about; `field` names that body field, query or path parameter on its own; `code`, when present, is a reason a client can act on (`outside_zone`: resend with `confirmOutsideZone: true` if the point is right); `id` (5xx only) is the id under which the server logged the fault.',
		properties: { error: str, field: str, code: { enum: ['outside_zone'] }, id: str },
		required: ['error']
	},
	Position: { type: 'array', items: num, minItems: 2, maxItems: 3 },
	Geometry: {
		type: 'object',
		description: 'A GeoJSON geometry (RFC 7946), WGS 84 lon/lat.',
		properties: {
			type: {
				enum: ['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon']
			},
			coordinates: { type: 'array' }
		},
		required: ['type', 'coordinates']
	},
	Feature: obj(
		{
			type: { const: 'Feature' },
			id: { type: ['integer', 'string'] },
			geometry: nullable(ref('Geometry')),
			properties: { type: 'object' }
		},
		['type', 'geometry', 'properties']
	),
	FeatureCollection: obj(
		{ type: { const: 'FeatureCollection' }, features: { type: 'array', items: ref('Feature') } },
		['type', 'features']
	),
	IncidentProperties: obj(
		{
			id: int,
			category: { enum: CATEGORY_CODES },
			categoryGroup: { enum: CATEGORY_GROUPS },
			occurredAt: isoInstant,
			reportedAt: isoInstant,
			severity: { type: 'integer', minimum: 1, maximum: 4 },
			status: { enum: INCIDENT_STATUSES },
			source: { enum: INCIDENT_SOURCES },
			adminUnitCode: nullable(str),
			tipId: nullable(int),
			updatedAt: isoInstant
		},
		['id', 'category', 'categoryGroup', 'occurredAt', 'severity', 'status']
	),
	IncidentDetails: {
		...obj({
			description: nullable(str),
			reporterName: nullable(str),
			reporterPhone: nullable(str),
			people: { type: 'array', items: { type: 'object' } }
		}),
		description:
			'Only for roles allowed to see it; every read of these fields is written to the audit trail.'
	},
	Incident: obj(
		{
			type: { const: 'Feature' },
			id: int,
			geometry: obj({ type: { const: 'Point' }, coordinates: ref('Position') }),
			properties: ref('IncidentProperties'),
			details: ref('IncidentDetails')
		},
		['type', 'id', 'geometry', 'properties']
	),
	IncidentCreate: fromZod(incidentCreate),
	IncidentPatch: fromZod(incidentPatch),
	IncidentColumns: {
		type: 'object',
		description:
			'Parallel arrays, one entry per incident, newest first; `occurredAt` in epoch seconds.',
		properties: {
			count: int,
			truncated: bool,
			id: { type: 'array', items: int },
			lon: { type: 'array', items: num },
			lat: { type: 'array', items: num },
			category: { type: 'array', items: str },
			severity: { type: 'array', items: int },
			status: { type: 'array', items: str },
			occurredAt: { type: 'array', items: int }
		},
		required: [
			'count',
			'truncated',
			'id',
			'lon',
			'lat',
			'category',
			'severity',
			'status',
			'occurredAt'
		]
	},
	IncidentStats: {
		...obj({
			from: { ...isoInstant, description: 'The window asked for.' },
			to: isoInstant,
			...publishedWindow,
			total: publishedCount,
			byCategory: { type: 'object', additionalProperties: publishedCount },
			byUnit: {
				type: 'object',
				additionalProperties: publishedCount,
				description: 'By administrative unit code; `unknown`: no unit.'
			}
		}),
		description: `Margins (and the total) are sums of the published cells of a category × unit table, so subtracting the visible parts of a total leaves 0. ${DISCLOSURE_NOTE}`
	},
	HexbinCollection: {
		...obj({
			type: { const: 'FeatureCollection' },
			features: {
				type: 'array',
				items: obj({
					type: { const: 'Feature' },
					geometry: ref('Geometry'),
					properties: obj({ q: int, r: int, count: publishedCount, suppressed: bool })
				})
			},
			cellSizeM: num,
			...publishedWindow,
			total: { ...publishedCount, description: 'The sum of the published counts.' }
		}),
		description: `Hexagons (axial q, r; circumradius cellSizeM) with at least one incident. ${DISCLOSURE_NOTE} Hexagons smaller than 200 m are refused to aggregate-only roles (400 naming \`size\`).`
	},
	TeamReportCreate: fromZod(teamReportCreate),
	TeamReport: obj({
		id: int,
		teamId: uuid,
		kind: str,
		description: str,
		occurredAt: isoInstant,
		lon: nullable(num),
		lat: nullable(num)
	}),
	Login: {
		type: 'object',
		properties: {
			username: { type: 'string', minLength: 1, maxLength: 100 },
			password: { type: 'string', minLength: 1, maxLength: 200 }
		},
		required: ['username', 'password'],
		additionalProperties: false
	},
	SupabaseExchange: {
		type: 'object',
		properties: {
			accessToken: {
				type: 'string',
				maxLength: 8192,
				description: 'The access token supabase-js returned from signInWithPassword.'
			}
		},
		required: ['accessToken'],
		additionalProperties: false
	},
	Me: obj({
		kind: { enum: ['user', 'token'] },
		id: str,
		name: str,
		role: { enum: APP_ROLES },
		zones: { type: 'array', items: uuid },
		units: { type: 'array', items: str },
		team: nullable(uuid)
	}),
	TipSubmit: fromZod(tipSubmitSchema),
	TipConvert: fromZod(tipConvertSchema),
	TipDuplicate: fromZod(tipDuplicateSchema),
	TipReject: fromZod(tipRejectSchema),
	Tip: obj({
		id: int,
		category: nullable({ enum: CATEGORY_CODES }),
		description: str,
		status: { enum: TIP_STATUSES },
		occurredAt: nullable(isoInstant),
		createdAt: isoInstant,
		updatedAt: isoInstant,
		location: nullable(obj({ lon: num, lat: num })),
		contact: nullable(str),
		rejectionReason: nullable(str),
		duplicateOf: nullable(int),
		incidentId: nullable(int),
		triagedAt: nullable(isoInstant)
	}),
	TipCounts: {
		...obj({
			zone: str,
			from: { ...isoInstant, description: 'The window asked for.' },
			to: isoInstant,
			...publishedWindow,
			total: publishedCount,
			byStatus: obj(Object.fromEntries(TIP_STATUSES.map((s) => [s, publishedCount])))
		}),
		description: `Elementary cells: Vietnam day of receipt × status. ${DISCLOSURE_NOTE}`
	},
	AdminUser: obj({
		id: uuid,
		username: str,
		displayName: str,
		role: { enum: APP_ROLES },
		authProvider: { enum: ['local', 'supabase'] },
		isActive: bool,
		isDemo: bool,
		zones: { type: 'array', items: uuid },
		units: { type: 'array', items: str },
		teamId: nullable(uuid),
		teamName: nullable(str),
		failedAttempts: int,
		lockedUntil: nullable(isoInstant),
		createdAt: isoInstant,
		updatedAt: isoInstant
	}),
	UserCreate: fromZod(userCreate),
	UserPatch: fromZod(userPatch),
	AdminToken: obj({
		id: uuid,
		name: str,
		prefix: {
			type: 'string',
			description: `The first characters of the value (\`${TOKEN_PREFIX}…\`).`
		},
		role: { enum: APP_ROLES },
		zoneId: uuid,
		zoneCode: nullable(str),
		units: { type: 'array', items: str },
		teamId: nullable(uuid),
		teamName: nullable(str),
		createdBy: nullable(uuid),
		createdByName: nullable(str),
		createdAt: isoInstant,
		expiresAt: nullable(isoInstant),
		lastUsedAt: nullable(isoInstant),
		revokedAt: nullable(isoInstant),
		status: { enum: ['active', 'expired', 'revoked'] }
	}),
	TokenCreate: fromZod(tokenCreate),
	AuditEntry: obj({
		id: int,
		at: isoInstant,
		actorId: nullable(uuid),
		actorName: nullable(str),
		actorRole: nullable(str),
		actorKind: { enum: ['user', 'token', 'anonymous', 'system'] },
		action: str,
		entity: nullable(str),
		entityId: nullable(str),
		zoneId: nullable(uuid),
		ip: nullable(str),
		userAgent: nullable(str),
		details: { type: 'object' }
	}),
	Situation: (() => {
		const casualties = obj({ accidents: int, deaths: int, injured: int });
		const window = obj({ from: isoInstant, to: isoInstant });
		return {
			...obj({
				asOf: isoInstant,
				disclosure: publishedWindow.disclosure,
				suppressed: publishedWindow.suppressed,
				windows: obj({ today: window, last7: window, previous7: window }),
				incidents: obj({
					today: publishedCount,
					last7: publishedCount,
					previous7: publishedCount,
					z: num,
					significant: bool,
					open: publishedCount
				}),
				accidents: obj({
					monthToDate: casualties,
					sameTimeLastYear: casualties,
					z: obj({ accidents: num, deaths: num, injured: num })
				}),
				fireSites: obj({ overdueInspections: int }),
				tips: obj({ awaitingTriage: publishedCount })
			}),
			description: `Exact roles: today so far, the last 7 × 24 h and the 7 × 24 h before. Protected answers (aggregate-only roles): today, the 7 days ending today and the 7 before, as whole Vietnam days (totals only); z from the published figures. Accidents and fire inspections are exact for everyone. ${DISCLOSURE_NOTE}`
		};
	})(),
	ScopeZone: obj({
		id: uuid,
		code: str,
		name: str,
		units: { type: 'array', items: obj({ code: str, name: str }) },
		teams: { type: 'array', items: obj({ id: uuid, name: str, kind: str }) }
	})
};

const errorContent = (schema: JsonSchema = ref('Error')) => ({ 'application/json': { schema } });
/** Password hashing runs a few at a time (see the README); a request that waited too long. */
const hashingBusy = {
	description:
		'No password-hashing turn came free in time; `Retry-After` says when to try again (a sign-in attempt answered so does not count).',
	headers: { 'retry-after': { description: 'Seconds to wait.', schema: int } },
	content: errorContent()
};

const responses: Record<string, ResponseObject> = {
	BadRequest: {
		description: 'A parameter or field is invalid; `field` names it.',
		content: {
			'application/json': {
				schema: ref('Error'),
				example: { error: 'category: bắt buộc', field: 'category' }
			}
		}
	},
	Unauthorized: {
		description: 'No valid session cookie or bearer token.',
		headers: { 'www-authenticate': { description: 'Bearer', schema: str } },
		content: errorContent()
	},
	Forbidden: {
		description: 'Your role or scope does not allow this.',
		content: errorContent()
	},
	NotFound: {
		description: 'No such resource in your scope.',
		content: errorContent()
	},
	Conflict: { description: 'The resource changed state meanwhile.', content: errorContent() },
	PayloadTooLarge: {
		description: 'The body is larger than the endpoint accepts.',
		content: errorContent()
	},
	UnsupportedMediaType: {
		description: 'The body is not `application/json`.',
		content: errorContent()
	},
	TooManyRequests: {
		description: 'Rate limited (sign-in failures, tip submissions and status look-ups).',
		headers: { 'retry-after': { description: 'Seconds to wait.', schema: int } },
		content: errorContent()
	},
	Unavailable: {
		description: 'The database is not usable (yet).',
		content: errorContent()
	}
};

// Paths ---------------------------------------------------------------------------------------------

const layerGet = (
	operationId: string,
	summary: string,
	parameters: Parameter[],
	body: ResponseObject
): PathItem => ({
	get: {
		operationId,
		summary,
		tags: ['map'],
		parameters,
		responses: { '200': body, ...badInput, ...signedIn, '404': errorRef('NotFound') }
	}
});

/** The map layers' endpoints, from their contracts (src/lib/map/layers/<name>/*.contract.ts). */
function layerPaths(): Record<string, PathItem> {
	const param = (p: SharedParameter | OwnParameter): Parameter =>
		typeof p === 'string'
			? P[p]
			: q(
					p.name,
					p.description,
					'time' in p.schema ? timeParam([...p.schema.time]) : p.schema.json
				);
	return Object.fromEntries(
		LAYER_ENDPOINTS.map((e) => [
			e.path,
			layerGet(e.operationId, e.summary, e.parameters.map(param), geojson(e.response))
		])
	);
}

/**
 * The board's analytics endpoints, from src/lib/domain/analytics.ts: the query parameters are
 * converted from the zod schema the handler parses, the answer from the schema of what its SQL
 * function returns.
 */
function analyticsPaths(): Record<string, PathItem> {
	return Object.fromEntries(
		Object.values(ANALYTICS_ENDPOINTS).map((e) => {
			const parameters = Object.entries(e.query.shape).map(([name, schema]): Parameter => {
				if (name === 'zone') return P.zone;
				const json = fromZod(schema as z.ZodType);
				const required = !(schema as z.ZodType).safeParse(undefined).success;
				const description =
					(json.description as string | undefined) ?? `\`${name}\`, as its schema states.`;
				return { ...q(name, description, json), ...(required ? { required } : {}) };
			});
			const geo = 'type' in e.response.shape;
			const item: PathItem = {
				get: {
					operationId: e.operationId,
					summary: e.summary,
					tags: ['analytics'],
					parameters,
					responses: {
						'200': ok(
							'The answer; counts follow the disclosure rule for aggregate-only roles.',
							fromZod(e.response),
							geo ? 'application/geo+json' : 'application/json'
						),
						...badInput,
						...signedIn,
						'404': errorRef('NotFound')
					}
				}
			};
			return [e.path, item];
		})
	);
}

const incidentQuery = (defaultLimit: string) => [
	P.bbox,
	P.from,
	P.to,
	P.category,
	P.zone,
	q('limit', `Maximum rows (default ${defaultLimit}, at most 100,000).`, {
		type: 'string',
		pattern: '^\\d+$'
	})
];

const tipAction = (
	operationId: string,
	summary: string,
	body: JsonSchema | undefined,
	ok200: ResponseObject,
	status = '200'
): PathItem => ({
	post: {
		operationId,
		summary,
		tags: ['tips'],
		parameters: [P.tipId],
		...(body ? { requestBody: jsonBody(body) } : {}),
		responses: {
			[status]: ok200,
			...badBody,
			...signedIn,
			'404': errorRef('NotFound'),
			'409': errorRef('Conflict')
		}
	}
});

const tipOut = ok('The tip after the change.', obj({ tip: ref('Tip') }));

const paths: Record<string, PathItem> = {
	'/api/openapi.json': {
		get: {
			operationId: 'getOpenApi',
			summary: 'This document.',
			tags: ['meta'],
			security: PUBLIC,
			responses: { '200': ok('OpenAPI 3.1 document.', { type: 'object' }) }
		}
	},
	'/api/health': {
		get: {
			operationId: 'getHealth',
			summary: 'Whether the database is usable.',
			tags: ['meta'],
			security: PUBLIC,
			responses: {
				'200': ok(
					'Usable.',
					obj({ ok: { const: true }, engine: { enum: ['pglite', 'postgres'] }, postgis: str })
				),
				'503': ok('Not usable, with a reason.', obj({ ok: { const: false }, reason: str }))
			}
		}
	},
	'/api/auth/login': {
		post: {
			operationId: 'login',
			summary: 'Signs in with a local account; sets the session cookie.',
			tags: ['auth'],
			security: PUBLIC,
			requestBody: jsonBody(ref('Login')),
			responses: {
				'200': {
					description: `Signed in; the \`${SESSION_COOKIE}\` cookie (HttpOnly, SameSite=Lax) is set.`,
					headers: { 'set-cookie': { description: 'The session cookie.', schema: str } },
					content: {
						'application/json': { schema: obj({ ok: { const: true }, displayName: str }) }
					}
				},
				...badBody,
				'401': { description: 'Wrong username or password.', content: errorContent() },
				'429': {
					description:
						'Too many failures of this account (5) or address (20) within 15 minutes, or more than 20 sign-ins in flight from this address; `Retry-After` says when to try again.',
					content: errorContent()
				},
				'503': hashingBusy
			}
		}
	},
	'/api/auth/supabase': {
		post: {
			operationId: 'loginSupabase',
			summary:
				'Exchanges a Supabase Auth access token for the session cookie (when Supabase is configured).',
			description:
				'The token is verified like a bearer token (signature, expiry, audience `authenticated`, role) and must belong to an active account that signs in through Supabase. Every attempt is audited.',
			tags: ['auth'],
			security: PUBLIC,
			requestBody: jsonBody(ref('SupabaseExchange')),
			responses: {
				'200': {
					description: `Signed in; the \`${SESSION_COOKIE}\` cookie (HttpOnly, SameSite=Lax) is set.`,
					headers: { 'set-cookie': { description: 'The session cookie.', schema: str } },
					content: {
						'application/json': { schema: obj({ ok: { const: true }, displayName: str }) }
					}
				},
				...badBody,
				'401': {
					description: 'The token is invalid or expired, or no active account belongs to it.',
					content: errorContent()
				},
				'404': {
					description: 'Supabase Auth is not configured on this server.',
					content: errorContent()
				}
			}
		}
	},
	'/api/auth/logout': {
		post: {
			operationId: 'logout',
			summary: 'Ends the session on the server and clears the cookie.',
			tags: ['auth'],
			security: PUBLIC,
			responses: {
				'200': ok('Signed out (also when nobody was signed in).', obj({ ok: { const: true } }))
			}
		}
	},
	'/api/auth/me': {
		get: {
			operationId: 'me',
			summary: 'Who is signed in: name, role and scopes.',
			tags: ['auth'],
			responses: { '200': ok('The caller.', ref('Me')), '401': errorRef('Unauthorized') }
		}
	},
	'/api/zones': layerGet(
		'listZones',
		'Zones: code, name, geodesic area, demo flag, validity, metadata.',
		[],
		geojson('Zones.')
	),
	'/api/parks': layerGet('listParks', 'Industrial parks with their areas.', [], geojson('Parks.')),
	'/api/admin-units': layerGet(
		'listAdminUnits',
		'Administrative units valid on a date.',
		[q('at', 'The day; default: today in Vietnam.', fromZod(dateParam)), P.zone],
		geojson('Units.')
	),
	'/api/roads': layerGet(
		'listRoads',
		'Roads with linear referencing (km at each vertex).',
		[P.zone],
		geojson('Roads.')
	),
	...layerPaths(),
	...analyticsPaths(),
	'/api/situation': {
		get: {
			operationId: 'situation',
			summary:
				'The situation panel: incidents today and over 7 days against the 7 before (Poisson z), accidents against last year, overdue inspections, tips awaiting triage.',
			tags: ['map'],
			parameters: [P.zone],
			responses: {
				'200': ok('The figures.', ref('Situation')),
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		}
	},
	'/api/incidents': {
		get: {
			operationId: 'listIncidents',
			summary: 'Incidents, newest first (not for the board and team leads: 403).',
			tags: ['incidents'],
			parameters: incidentQuery('10,000'),
			responses: {
				'200': {
					description: 'Incidents; `truncated` says whether `limit` cut the list.',
					headers: {
						'x-result-count': { description: 'Features returned.', schema: int },
						'x-result-truncated': { description: 'Whether `limit` cut the list.', schema: bool }
					},
					content: { 'application/geo+json': { schema: ref('FeatureCollection') } }
				},
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		},
		post: {
			operationId: 'createIncident',
			summary:
				'Records an incident (dispatchers and admins in their zones, liaisons in their units).',
			tags: ['incidents'],
			requestBody: jsonBody(ref('IncidentCreate')),
			responses: {
				'201': {
					description: 'Created.',
					headers: { location: { description: '/api/incidents/{id}', schema: str } },
					content: { 'application/json': { schema: ref('Incident') } }
				},
				...badBody,
				...signedIn,
				'404': errorRef('NotFound')
			}
		}
	},
	'/api/incidents/{id}': {
		get: {
			operationId: 'getIncident',
			summary: 'One incident; `details` only for roles allowed to see them (audited).',
			tags: ['incidents'],
			parameters: [P.incidentId],
			responses: {
				'200': ok('The incident.', ref('Incident')),
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		},
		patch: {
			operationId: 'patchIncident',
			summary:
				'Edits an incident; the status moves only along new → handling → resolved/transferred.',
			tags: ['incidents'],
			parameters: [P.incidentId],
			requestBody: jsonBody(ref('IncidentPatch')),
			responses: {
				'200': ok('The incident after the change.', ref('Incident')),
				...badBody,
				...signedIn,
				'404': errorRef('NotFound'),
				'409': errorRef('Conflict')
			}
		}
	},
	'/api/incidents/columns': {
		get: {
			operationId: 'incidentColumns',
			summary:
				'The same filter as /api/incidents as columns for the map (default limit 50,000), newest first.',
			description:
				'Columnar JSON by default. With `Accept: ' +
				INCIDENT_COLUMNS_MEDIA_TYPE +
				'` the same columns come as a binary frame: "AIC2", a big-endian uint32 header ' +
				'length, a JSON header {count, truncated, categories, statuses}, then count records ' +
				'of 20 bytes, big-endian: id uint32, lon and lat int32 in 10⁻⁷ degree, occurredAt ' +
				'uint32 epoch seconds, uint32 category << 16 | severity << 8 | status (category and ' +
				'status as 1-based positions in the header lists; "" marks a retired category number).',
			tags: ['incidents'],
			parameters: incidentQuery('50,000'),
			responses: {
				'200': {
					description: 'Columns.',
					content: {
						'application/json': { schema: ref('IncidentColumns') },
						[INCIDENT_COLUMNS_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } }
					}
				},
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		}
	},
	'/api/incidents/hexbins': layerGet(
		'incidentHexbins',
		'Incident counts on hexagons computed in PostGIS (default: last 30 days, 250 m).',
		[
			P.from,
			P.to,
			P.category,
			q(
				'status',
				`Comma-separated incident statuses (${INCIDENT_STATUSES.join(', ')}); default: all.`,
				{
					type: 'string',
					examples: ['new,handling']
				}
			),
			P.zone,
			q(
				'size',
				'Cell size (circumradius) in metres (25–5000; at least 200 for aggregate-only roles).',
				{ type: 'string', pattern: '^\\d+$' }
			)
		],
		geojson('Hexagons with `q`, `r`, `count`, `suppressed`.', ref('HexbinCollection'))
	),
	'/api/stats/incidents': {
		get: {
			operationId: 'incidentStats',
			summary: 'Incident counts by category and administrative unit (default: last 30 days).',
			tags: ['incidents'],
			parameters: [P.from, P.to, P.zone],
			responses: {
				'200': ok('Counts.', ref('IncidentStats')),
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		}
	},
	'/api/team-reports': {
		get: {
			operationId: 'listTeamReports',
			summary: 'Reports the caller may read: their own team (team lead) or their zones (command).',
			tags: ['teams'],
			responses: {
				'200': ok(
					'At most 500, newest first.',
					obj({ reports: { type: 'array', items: ref('TeamReport') } })
				),
				...signedIn
			}
		},
		post: {
			operationId: 'createTeamReport',
			summary: "Files a report for the caller's own team (team leads only).",
			tags: ['teams'],
			requestBody: jsonBody(ref('TeamReportCreate')),
			responses: {
				'201': ok('Filed.', obj({ id: int })),
				...badBody,
				...signedIn
			}
		}
	},
	'/api/stream': {
		get: {
			operationId: 'stream',
			summary: 'Server-Sent Events: `incident`, `accident`, `tip`, `patrol` changes as `{id, op}`.',
			description:
				'Reconnect with `Last-Event-ID` (or `lastEventId`) to replay what was missed; a `reset` event asks the client to reload.',
			tags: ['live'],
			parameters: [
				q('lastEventId', 'The last event id seen, for clients that cannot send the header.', {
					type: 'string',
					pattern: '^\\d{1,18}$'
				}),
				{
					name: 'last-event-id',
					in: 'header',
					description: 'The last event id seen.',
					schema: { type: 'string', pattern: '^\\d{1,18}$' }
				}
			],
			responses: {
				'200': ok('An event stream.', str, 'text/event-stream'),
				...badInput,
				...signedIn,
				'503': errorRef('Unavailable')
			}
		}
	},
	'/api/public/zone': {
		get: {
			operationId: 'publicZones',
			summary: "The zones' outlines, codes and names for the public tip form (nothing else).",
			tags: ['tips'],
			security: PUBLIC,
			responses: { '200': geojson('Zones.'), ...badInput }
		}
	},
	'/api/tips': {
		get: {
			operationId: 'listTips',
			summary: 'The triage queue, newest first (commanders read; admins and dispatchers act).',
			tags: ['tips'],
			parameters: [
				q('status', `"all" or comma-separated statuses (default: received,verifying).`, {
					type: 'string'
				}),
				q('limit', 'At most this many (1–500, default 100).', {
					type: 'string',
					pattern: '^\\d+$'
				}),
				P.zone
			],
			responses: {
				'200': ok('The queue.', obj({ zone: str, tips: { type: 'array', items: ref('Tip') } })),
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		},
		post: {
			operationId: 'submitTip',
			summary: 'A tip from the public: anonymous, no sign-in; answers a follow-up code.',
			tags: ['tips'],
			security: PUBLIC,
			requestBody: jsonBody(ref('TipSubmit')),
			responses: {
				'201': ok(
					'Received.',
					obj({
						followUpCode: {
							type: 'string',
							pattern: '^TD-[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){2}$'
						},
						status: { const: 'received' }
					})
				),
				...badBody,
				'404': errorRef('NotFound'),
				'429': errorRef('TooManyRequests')
			}
		}
	},
	'/api/tips/status': {
		get: {
			operationId: 'tipStatus',
			summary: 'What a tipster may learn with their follow-up code: the status only.',
			tags: ['tips'],
			security: PUBLIC,
			parameters: [{ ...q('code', 'The follow-up code, TD-XXXX-XXXX-XXXX.'), required: true }],
			responses: {
				'200': ok('The status.', obj({ status: { enum: PUBLIC_TIP_STATUSES } })),
				...badInput,
				'404': errorRef('NotFound'),
				'429': errorRef('TooManyRequests')
			}
		}
	},
	'/api/tips/counts': {
		get: {
			operationId: 'tipCounts',
			summary:
				"Tip counts by status for the roles that receive aggregates: the board's only view of tips, and the planner's (default: last 30 days).",
			tags: ['tips'],
			parameters: [P.from, P.to, P.zone],
			responses: {
				'200': ok('Counts.', ref('TipCounts')),
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		}
	},
	'/api/tips/{id}': {
		get: {
			operationId: 'getTip',
			summary:
				'One tip with its contact (commanders and dispatchers; the contact read is audited).',
			tags: ['tips'],
			parameters: [P.tipId],
			responses: {
				'200': ok('The tip.', ref('Tip')),
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		}
	},
	'/api/tips/{id}/duplicates': {
		get: {
			operationId: 'tipDuplicateCandidates',
			summary: 'Tips that may report the same thing: same category, within 200 m and 24 h.',
			tags: ['tips'],
			parameters: [P.tipId],
			responses: {
				'200': ok(
					'Candidates.',
					obj({
						tipId: int,
						radiusM: num,
						windowHours: num,
						candidates: {
							type: 'array',
							items: { allOf: [ref('Tip'), obj({ distanceM: int, minutesApart: int })] }
						}
					})
				),
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		}
	},
	'/api/tips/{id}/verify': tipAction(
		'verifyTip',
		'received → verifying. No body.',
		undefined,
		tipOut
	),
	'/api/tips/{id}/duplicate': tipAction(
		'markTipDuplicate',
		'Marks the tip a duplicate of another (final).',
		ref('TipDuplicate'),
		tipOut
	),
	'/api/tips/{id}/reject': tipAction(
		'rejectTip',
		'Rejects the tip with a reason (final).',
		ref('TipReject'),
		tipOut
	),
	'/api/tips/{id}/convert': tipAction(
		'convertTip',
		'Turns the tip into an incident, linked both ways (final). The body may be omitted.',
		ref('TipConvert'),
		ok('Converted.', obj({ tip: ref('Tip'), incident: obj({ id: int }) })),
		'201'
	),
	'/api/admin/users': {
		get: {
			operationId: 'listUsers',
			summary: "Users of the administrator's zones with their role and scopes.",
			tags: ['admin'],
			responses: {
				'200': ok('Users.', obj({ users: { type: 'array', items: ref('AdminUser') } })),
				...badInput,
				...signedIn
			}
		},
		post: {
			operationId: 'createUser',
			summary:
				'Creates a local account (zones default to the administrator’s own, and must all be theirs). The password must pass the password policy (400 naming `password` with the reason).',
			tags: ['admin'],
			requestBody: jsonBody(ref('UserCreate')),
			responses: {
				'201': ok('Created.', obj({ user: ref('AdminUser') })),
				...badBody,
				...signedIn,
				'409': errorRef('Conflict'),
				'503': hashingBusy
			}
		}
	},
	'/api/admin/users/{id}': {
		patch: {
			operationId: 'patchUser',
			summary:
				"Changes a user's name, role, status, scopes or password; ends their sessions when it matters. Only an administrator of every zone of the user may (403 otherwise).",
			tags: ['admin'],
			parameters: [P.uuid('User')],
			requestBody: jsonBody(ref('UserPatch')),
			responses: {
				'200': ok(
					'The user after the change.',
					obj({ user: ref('AdminUser'), sessionsRevoked: int })
				),
				...badBody,
				...signedIn,
				'404': errorRef('NotFound'),
				'409': errorRef('Conflict'),
				'503': hashingBusy
			}
		}
	},
	'/api/admin/tokens': {
		get: {
			operationId: 'listTokens',
			summary: "Machine tokens of the administrator's zones (never a value or hash).",
			tags: ['admin'],
			responses: {
				'200': ok('Tokens.', obj({ tokens: { type: 'array', items: ref('AdminToken') } })),
				...badInput,
				...signedIn
			}
		},
		post: {
			operationId: 'createToken',
			summary: 'Creates a machine token; its value is in `token`, shown this once.',
			tags: ['admin'],
			requestBody: jsonBody(ref('TokenCreate')),
			responses: {
				'201': ok('Created.', {
					allOf: [
						ref('AdminToken'),
						obj({ token: { type: 'string', description: `\`${TOKEN_PREFIX}…\`` } })
					]
				}),
				...badBody,
				...signedIn,
				'409': errorRef('Conflict')
			}
		}
	},
	'/api/admin/tokens/{id}/revoke': {
		post: {
			operationId: 'revokeToken',
			summary: 'Revokes a token at once (idempotent).',
			tags: ['admin'],
			parameters: [P.uuid('Token')],
			responses: {
				'200': ok('The token.', obj({ token: ref('AdminToken') })),
				...badInput,
				...signedIn,
				'404': errorRef('NotFound')
			}
		}
	},
	'/api/admin/scopes': {
		get: {
			operationId: 'listScopes',
			summary: 'What an administrator may hand out: roles, zones with current units and teams.',
			tags: ['admin'],
			responses: {
				'200': ok(
					'Roles and zones.',
					obj({
						roles: { type: 'array', items: { enum: APP_ROLES } },
						zones: { type: 'array', items: ref('ScopeZone') }
					})
				),
				...badInput,
				...signedIn
			}
		}
	},
	'/api/admin/audit': {
		get: {
			operationId: 'listAudit',
			summary: 'The audit trail, newest first; pass `next` as `before` for older entries.',
			tags: ['admin'],
			parameters: [
				q('actor', 'A user id or username.'),
				q('action', 'An action, or a prefix ending in `*` (`login.*`).', {
					type: 'string',
					pattern: '^[a-z_][a-z0-9_.]{0,59}\\*?$'
				}),
				q('entity', 'A table name such as `app_users`.', {
					type: 'string',
					pattern: '^[a-z_][a-z0-9_]{0,59}$'
				}),
				P.from,
				P.to,
				q('limit', '1–500 (default 100).', { type: 'string', pattern: '^\\d+$' }),
				q('before', 'The id of the last entry of the previous page.', {
					type: 'string',
					pattern: '^[1-9]\\d{0,14}$'
				})
			],
			responses: {
				'200': ok(
					'One page.',
					obj({ entries: { type: 'array', items: ref('AuditEntry') }, next: nullable(int) })
				),
				...badInput,
				...signedIn
			}
		}
	},
	'/api/admin/audit/verify': {
		get: {
			operationId: 'verifyAudit',
			summary: 'Whether the audit trail’s hash chain is intact, and where it first breaks.',
			description:
				'Each audit row stores sha256(previous row’s hash ‖ its content). The chain is one for the whole database, so the answer is too (any administrator of a zone may ask); it names rows by id and time only. `head` is the last row: keep it outside the database and pass it back as `head` later, to detect a chain cut or rewritten after it. Reasons: `unchained` (written with the chain trigger off), `sequence` (rows before it deleted), `link` (the previous row changed), `content` (the row edited), `head` (the head given is gone or changed).',
			tags: ['admin'],
			parameters: [
				q(
					'head',
					'A head kept earlier, `<seq>:<sha256 hex>`, as `npm run audit:verify` prints it.',
					{
						type: 'string',
						pattern: '^[1-9][0-9]{0,17}:[0-9a-fA-F]{64}$'
					}
				)
			],
			responses: {
				'200': ok(
					'The state of the chain.',
					obj(
						{
							intact: bool,
							rows: int,
							head: nullable(obj({ seq: int, hash: str, at: isoInstant })),
							firstBroken: obj({
								id: nullable(int),
								seq: nullable(int),
								at: nullable(isoInstant),
								reason: { enum: [...CHAIN_BREAKS] }
							})
						},
						['intact', 'rows', 'head']
					)
				),
				...badInput,
				...signedIn
			}
		}
	}
};

/** Marks every answer PERSONAL_ANSWERS lists, in `x-personal-fields` and in its description. */
function withPersonalFields(all: Record<string, PathItem>): Record<string, PathItem> {
	for (const [key, fields] of Object.entries(PERSONAL_ANSWERS)) {
		const [verb, path] = key.split(' ') as [string, string];
		const op = all[path]?.[verb.toLowerCase() as HttpMethod];
		if (!op) throw new Error(`PERSONAL_ANSWERS names ${key}, which this document lacks`);
		op['x-personal-fields'] = fields;
		op.description = [
			op.description,
			`Carries personal fields (${fields.join(', ')}) to roles allowed them; every answer that does is written to the audit trail (\`read.personal\`).`
		]
			.filter(Boolean)
			.join(' ');
	}
	return all;
}

export const openApiDocument: OpenApiDocument = {
	openapi: '3.1.0',
	info: {
		title: 'Bản đồ tình hình ANTT — security situation map API',
		version: '0.1.0',
		description:
			'Every parameter is optional unless marked required; an unknown or repeated parameter is a 400. Every endpoint also takes `lang=vi|en` (anything else is a 400): error messages are in that language, else in the language of the `lang` cookie, else by `Accept-Language` (Vietnamese unless English ranks higher). Row-level security in the database decides every row; the answers here say what each role gets.',
		license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' }
	},
	servers: [{ url: '/' }],
	tags: [
		{ name: 'meta', description: 'Health and this document.' },
		{ name: 'auth', description: 'Sessions.' },
		{ name: 'map', description: 'Zone layers.' },
		{ name: 'incidents', description: 'Incidents and their aggregates.' },
		{ name: 'analytics', description: "The steering board's trends, hot spots and QL10 safety." },
		{ name: 'teams', description: 'Self-managed security teams.' },
		{ name: 'tips', description: 'The public tip line and its triage.' },
		{ name: 'live', description: 'Change notifications.' },
		{ name: 'admin', description: 'Users, machine tokens, audit trail (administrators only).' }
	],
	security: [{ sessionCookie: [] }, { apiToken: [] }, { supabaseJwt: [] }],
	paths: withPersonalFields(paths),
	components: {
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
		},
		schemas,
		responses
	}
};
