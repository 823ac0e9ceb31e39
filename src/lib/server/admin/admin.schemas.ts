import { z } from 'zod';
import { msg, orRequired } from '$lib/domain/api-text';
import { instantParam } from '$lib/domain/params';
import { APP_ROLES } from '../auth/principal';

/** Request schemas of /api/admin/…: each failure names its field. */

const noControl = (s: string) =>
	[...s].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f);

const label = (max: number) =>
	z.string().trim().min(1, msg('required')).max(max).refine(noControl, msg('control'));

export const roleSchema = z.enum(
	APP_ROLES,
	orRequired('roleOneOf', { values: APP_ROLES.join(', ') })
);

export const usernameSchema = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9][a-z0-9_.-]{2,39}$/, msg('username'));

const uuid = z.uuid({ message: msg('uuid') });
const unitCode = z.string().regex(/^[0-9]{5}$/, msg('unitCodes'));

const zonesSchema = z
	.array(uuid)
	.min(1, msg('oneZone'))
	.max(50)
	.transform((zs) => [...new Set(zs)]);
const unitsSchema = z
	.array(unitCode)
	.max(50)
	.transform((us) => [...new Set(us)]);

/** What each role needs to see anything: a liaison officer their units, a team lead a team. */
function roleNeeds(
	v: { role?: string; units?: string[]; teamId?: string | null },
	ctx: z.RefinementCtx
): void {
	if (v.role === 'liaison' && !v.units?.length) {
		ctx.addIssue({ code: 'custom', path: ['units'], message: msg('liaisonUnits') });
	}
	if (v.role === 'team_lead' && !v.teamId) {
		ctx.addIssue({ code: 'custom', path: ['teamId'], message: msg('leadTeam') });
	}
}

/**
 * POST /api/admin/users. Zones default to the administrator's own. The password policy is
 * checked with the zones' names once the body is valid (users.service.ts newPasswordHash).
 */
export const userCreate = z
	.object({
		username: usernameSchema,
		displayName: label(120),
		role: roleSchema,
		password: z.string().max(200),
		zones: zonesSchema.optional(),
		units: unitsSchema.optional(),
		teamId: uuid.nullable().optional()
	})
	.strict()
	.superRefine(roleNeeds);
export type UserCreate = z.infer<typeof userCreate>;

/** PATCH /api/admin/users/:id. The password policy is checked against the stored username. */
export const userPatch = z
	.object({
		displayName: label(120).optional(),
		role: roleSchema.optional(),
		isActive: z.boolean({ message: msg('trueFalse') }).optional(),
		zones: zonesSchema.optional(),
		units: unitsSchema.optional(),
		teamId: uuid.nullable().optional(),
		password: z.string().max(200).optional()
	})
	.strict()
	.refine((v) => Object.keys(v).length > 0, { message: msg('nothingToChange'), path: ['body'] });
export type UserPatch = z.infer<typeof userPatch>;

/** POST /api/admin/tokens. The zone defaults to the administrator's first. */
export const tokenCreate = z
	.object({
		name: label(120),
		role: roleSchema,
		zone: uuid.optional(),
		units: unitsSchema.optional(),
		teamId: uuid.nullable().optional(),
		expiresInDays: z
			.number({ message: msg('days') })
			.int(msg('days'))
			.min(1)
			.max(3650)
			.optional()
	})
	.strict()
	.superRefine(roleNeeds);
export type TokenCreate = z.infer<typeof tokenCreate>;

export const idParam = uuid;

const limitParam = z
	.string()
	.regex(/^\d+$/, msg('wholeBetween', { min: 1, max: 500 }))
	.transform(Number)
	.pipe(z.number().int().min(1).max(500));

/** GET /api/admin/audit. `action` ending in `*` is a prefix (`login.*`). */
export const auditQuery = z
	.object({
		actor: z.string().trim().min(1, msg('actor')).max(100, msg('actor')).optional(),
		action: z
			.string()
			.regex(/^[a-z_][a-z0-9_.]{0,59}\*?$/, msg('action'))
			.optional(),
		entity: z
			.string()
			.regex(/^[a-z_][a-z0-9_]{0,59}$/, msg('entity'))
			.optional(),
		from: instantParam.optional(),
		to: instantParam.optional(),
		limit: limitParam.optional(),
		before: z
			.string()
			.regex(/^[1-9]\d{0,14}$/, msg('before'))
			.transform(Number)
			.optional()
	})
	.strict();
export type AuditQuery = z.infer<typeof auditQuery>;
