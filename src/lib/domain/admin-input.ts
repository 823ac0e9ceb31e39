/** What the admin endpoints read (/api/admin/…); each refusal names its field. */
import * as z from 'zod/mini';
import { msg, orRequired } from './api-text';
import { instantParam } from './params';
import { APP_ROLES } from './roles';

const noControl = (s: string) =>
	[...s].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f);

const label = (max: number) =>
	z
		.string()
		.check(
			z.trim(),
			z.minLength(1, msg('required')),
			z.maxLength(max),
			z.refine(noControl, msg('control'))
		);

export const roleSchema = z.enum(
	APP_ROLES,
	orRequired('roleOneOf', { values: APP_ROLES.join(', ') })
);

export const usernameSchema = z
	.string()
	.check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9][a-z0-9_.-]{2,39}$/, msg('username')));

const uuid = z.uuid({ message: msg('uuid') });
const unitCode = z.string().check(z.regex(/^[0-9]{5}$/, msg('unitCodes')));

const zonesSchema = z.pipe(
	z.array(uuid).check(z.minLength(1, msg('oneZone')), z.maxLength(50)),
	z.transform((zs) => [...new Set(zs)])
);
const unitsSchema = z.pipe(
	z.array(unitCode).check(z.maxLength(50)),
	z.transform((us) => [...new Set(us)])
);
const teamId = z.optional(z.nullable(uuid));

/** What each role needs to see anything: a liaison officer their units, a team lead a team. */
const roleNeeds = z.superRefine(
	(v: { role?: string; units?: string[]; teamId?: string | null }, ctx) => {
		if (v.role === 'liaison' && !v.units?.length) {
			ctx.addIssue({ code: 'custom', path: ['units'], message: msg('liaisonUnits') });
		}
		if (v.role === 'team_lead' && !v.teamId) {
			ctx.addIssue({ code: 'custom', path: ['teamId'], message: msg('leadTeam') });
		}
	}
);

/**
 * POST /api/admin/users. Zones default to the administrator's own. The password policy is
 * checked with the zones' names once the body is valid (users.service.ts newPasswordHash).
 */
export const userCreate = z
	.strictObject({
		username: usernameSchema,
		displayName: label(120),
		role: roleSchema,
		password: z.string().check(z.maxLength(200)),
		zones: z.optional(zonesSchema),
		units: z.optional(unitsSchema),
		teamId
	})
	.check(roleNeeds);
export type UserCreate = z.infer<typeof userCreate>;

/** PATCH /api/admin/users/:id. The password policy is checked against the stored username. */
export const userPatch = z
	.strictObject({
		displayName: z.optional(label(120)),
		role: z.optional(roleSchema),
		isActive: z.optional(z.boolean({ message: msg('trueFalse') })),
		zones: z.optional(zonesSchema),
		units: z.optional(unitsSchema),
		teamId,
		password: z.optional(z.string().check(z.maxLength(200)))
	})
	.check(
		z.refine((v) => Object.keys(v).length > 0, { message: msg('nothingToChange'), path: ['body'] })
	);
export type UserPatch = z.infer<typeof userPatch>;

/** POST /api/admin/tokens. The zone defaults to the administrator's first. */
export const tokenCreate = z
	.strictObject({
		name: label(120),
		role: roleSchema,
		zone: z.optional(uuid),
		units: z.optional(unitsSchema),
		teamId,
		expiresInDays: z.optional(
			z.number({ message: msg('days') }).check(z.int(msg('days')), z.minimum(1), z.maximum(3650))
		)
	})
	.check(roleNeeds);
export type TokenCreate = z.infer<typeof tokenCreate>;

const limitParam = z.pipe(
	z.pipe(
		z.string().check(z.regex(/^\d+$/, msg('wholeBetween', { min: 1, max: 500 }))),
		z.transform(Number)
	),
	z.number().check(z.int(), z.minimum(1), z.maximum(500))
);

/** GET /api/admin/audit. `action` ending in `*` is a prefix (`login.*`). */
export const auditQuery = z.strictObject({
	actor: z.optional(
		z
			.string()
			.check(
				z.trim(),
				z.minLength(1, msg('actor')),
				z.maxLength(100, msg('actor')),
				z.describe('A user id or username.')
			)
	),
	action: z.optional(
		z
			.string()
			.check(
				z.regex(/^[a-z_][a-z0-9_.]{0,59}\*?$/, msg('action')),
				z.describe('An action, or a prefix ending in `*` (`login.*`).')
			)
	),
	entity: z.optional(
		z
			.string()
			.check(
				z.regex(/^[a-z_][a-z0-9_]{0,59}$/, msg('entity')),
				z.describe('A table name such as `app_users`.')
			)
	),
	from: z.optional(instantParam),
	to: z.optional(instantParam),
	limit: z.optional(limitParam).check(z.describe('1–500 (default 100).')),
	before: z.optional(
		z
			.pipe(z.string().check(z.regex(/^[1-9]\d{0,14}$/, msg('before'))), z.transform(Number))
			.check(z.describe('The id of the last entry of the previous page.'))
	)
});
export type AuditQuery = z.infer<typeof auditQuery>;
