/** Administration: users, machine tokens, the audit trail (administrators only). */
import * as z from 'zod/mini';
import { auditQuery, tokenCreate, userCreate, userPatch } from '../admin-input';
import { msg } from '../api-text';
import { CHAIN_BREAKS, HEAD_PATTERN, parseHead } from '../audit-chain';
import { contract } from '../contract';
import { uuidParam } from '../params';
import { APP_ROLES } from '../roles';
import { instant, uuid } from './shared';

/** What every machine token's value starts with. */
export const TOKEN_PREFIX = 'anninh_';

const ADMINS_ONLY = 'Administrators only (`adminsOnly`), or not within all of the user’s zones.';
const nullableText = z.nullable(z.string());
const role = z.enum(APP_ROLES);

export const adminUserSchema = z.object({
	id: uuid,
	username: z.string(),
	displayName: z.string(),
	role,
	authProvider: z.enum(['local', 'supabase']),
	isActive: z.boolean(),
	isDemo: z.boolean(),
	zones: z.array(uuid),
	units: z.array(z.string()),
	teamId: z.nullable(uuid),
	teamName: nullableText,
	failedAttempts: z.number(),
	lockedUntil: z.nullable(instant),
	createdAt: instant,
	updatedAt: instant
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminTokenSchema = z.object({
	id: uuid,
	name: z.string(),
	prefix: z.string().check(z.describe(`The first characters of the value (\`${TOKEN_PREFIX}…\`).`)),
	role,
	zoneId: uuid,
	zoneCode: nullableText,
	units: z.array(z.string()),
	teamId: z.nullable(uuid),
	teamName: nullableText,
	createdBy: z.nullable(uuid),
	createdByName: nullableText,
	createdAt: instant,
	expiresAt: z.nullable(instant),
	lastUsedAt: z.nullable(instant),
	revokedAt: z.nullable(instant),
	status: z.enum(['active', 'expired', 'revoked'])
});
export type AdminToken = z.infer<typeof adminTokenSchema>;

const userParams = z.object({ id: uuidParam('userId').check(z.describe('User id.')) });
const tokenParams = z.object({ id: uuidParam('tokenId').check(z.describe('Token id.')) });

export const listUsers = contract({
	method: 'GET',
	path: '/api/admin/users',
	tag: 'admin',
	summary: "Users of the administrator's zones with their role and scopes.",
	answer: { description: 'Users.', schema: z.object({ users: z.array(adminUserSchema) }) },
	refusals: { 403: ADMINS_ONLY }
});

export const createUser = contract({
	method: 'POST',
	path: '/api/admin/users',
	tag: 'admin',
	summary:
		'Creates a local account (zones default to the administrator’s own, and must all be theirs). The password must pass the password policy (400 naming `password` with the reason).',
	body: { schema: userCreate, maxBytes: 16 * 1024 },
	answer: {
		status: 201,
		description: 'Created.',
		schema: z.object({ user: adminUserSchema })
	},
	refusals: {
		403: ADMINS_ONLY,
		409: 'The username is taken.',
		503: { description: 'No password-hashing turn came free in time.', retryAfter: true }
	}
});

export const patchUser = contract({
	method: 'PATCH',
	path: '/api/admin/users/{id}',
	tag: 'admin',
	summary:
		"Changes a user's name, role, status, scopes or password; ends their sessions when it matters. Only an administrator of every zone of the user may (403 otherwise).",
	params: userParams,
	body: { schema: userPatch, maxBytes: 16 * 1024 },
	answer: {
		description: 'The user after the change.',
		schema: z.object({ user: adminUserSchema, sessionsRevoked: z.number() })
	},
	refusals: {
		403: ADMINS_ONLY,
		404: 'No such user in your zones.',
		409: 'A value is taken.',
		503: { description: 'No password-hashing turn came free in time.', retryAfter: true }
	}
});

export const listTokens = contract({
	method: 'GET',
	path: '/api/admin/tokens',
	tag: 'admin',
	summary: "Machine tokens of the administrator's zones (never a value or hash).",
	answer: { description: 'Tokens.', schema: z.object({ tokens: z.array(adminTokenSchema) }) },
	refusals: { 403: ADMINS_ONLY }
});

export const createToken = contract({
	method: 'POST',
	path: '/api/admin/tokens',
	tag: 'admin',
	summary: 'Creates a machine token; its value is in `token`, shown this once.',
	body: { schema: tokenCreate, maxBytes: 8 * 1024 },
	answer: {
		status: 201,
		description: 'Created.',
		schema: z.extend(adminTokenSchema, {
			token: z.string().check(z.describe(`\`${TOKEN_PREFIX}…\``))
		})
	},
	refusals: { 403: ADMINS_ONLY, 409: 'A value is taken.' }
});

export const revokeToken = contract({
	method: 'POST',
	path: '/api/admin/tokens/{id}/revoke',
	tag: 'admin',
	summary: 'Revokes a token at once (idempotent): its next request is refused.',
	params: tokenParams,
	answer: { description: 'The token.', schema: z.object({ token: adminTokenSchema }) },
	refusals: { 403: ADMINS_ONLY, 404: 'No such token in your zones.' }
});

export const scopeZoneSchema = z.object({
	id: uuid,
	code: z.string(),
	name: z.string(),
	units: z.array(z.object({ code: z.string(), name: z.string() })),
	teams: z.array(z.object({ id: uuid, name: z.string(), kind: z.string() }))
});

export const listScopes = contract({
	method: 'GET',
	path: '/api/admin/scopes',
	tag: 'admin',
	summary: 'What an administrator may hand out: roles, zones with current units and teams.',
	answer: {
		description: 'Roles and zones.',
		schema: z.object({ roles: z.array(role), zones: z.array(scopeZoneSchema) })
	},
	refusals: { 403: ADMINS_ONLY }
});

export const auditEntrySchema = z.object({
	id: z.number(),
	at: instant,
	actorId: z.nullable(uuid),
	actorName: nullableText,
	actorRole: nullableText,
	actorKind: z.enum(['user', 'token', 'anonymous', 'system']),
	action: z.string(),
	entity: nullableText,
	entityId: nullableText,
	zoneId: z.nullable(uuid),
	ip: nullableText,
	userAgent: nullableText,
	details: z.record(z.string(), z.unknown())
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const listAudit = contract({
	method: 'GET',
	path: '/api/admin/audit',
	tag: 'admin',
	summary: 'The audit trail, newest first; pass `next` as `before` for older entries.',
	query: auditQuery,
	answer: {
		description: 'One page.',
		schema: z.object({ entries: z.array(auditEntrySchema), next: z.nullable(z.number()) })
	},
	refusals: { 403: ADMINS_ONLY }
});

export const verifyAudit = contract({
	method: 'GET',
	path: '/api/admin/audit/verify',
	tag: 'admin',
	summary: 'Whether the audit trail’s hash chain is intact, and where it first breaks.',
	description:
		'Each audit row stores sha256(previous row’s hash ‖ its content). The chain is one for the whole database, so the answer is too (any administrator of a zone may ask); it names rows by id and time only. `head` is the last row: keep it outside the database and pass it back as `head` later, to detect a chain cut or rewritten after it. Reasons: `unchained` (written with the chain trigger off), `sequence` (rows before it deleted), `link` (the previous row changed), `content` (the row edited), `head` (the head given is gone or changed).',
	query: z.strictObject({
		head: z.optional(
			z
				.pipe(
					z.string().check(z.regex(HEAD_PATTERN, msg('auditHead'))),
					z.transform((s) => parseHead(s)!)
				)
				.check(
					z.describe(
						'A head kept earlier, `<seq>:<sha256 hex>`, as `npm run audit:verify` prints it.'
					)
				)
		)
	}),
	answer: {
		description: 'The state of the chain.',
		schema: z.object({
			intact: z.boolean(),
			rows: z.number(),
			head: z.nullable(z.object({ seq: z.number(), hash: z.string(), at: instant })),
			firstBroken: z.optional(
				z.object({
					id: z.nullable(z.number()),
					seq: z.nullable(z.number()),
					at: z.nullable(instant),
					reason: z.enum(CHAIN_BREAKS)
				})
			)
		})
	},
	refusals: { 403: ADMINS_ONLY }
});
