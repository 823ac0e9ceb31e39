import { error, isHttpError, json } from '@sveltejs/kit';
import type { Queryable } from '../db/port';
import { asCaller, type CallerLocals } from '../read';
import type { Principal } from '../auth/principal';

/**
 * An expected refusal raised inside an admin transaction: thrown so the transaction rolls back
 * (a refused request changes nothing), then answered with its status and the field to fix.
 */
export class Refusal extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409,
		readonly field: string | undefined,
		message: string
	) {
		super(message);
		this.name = 'Refusal';
	}
}

export function refuse(
	status: Refusal['status'],
	field: string | undefined,
	message: string
): never {
	throw new Refusal(status, field, field ? `${field}: ${message}` : message);
}

function answer(status: number, message: string, field?: string): Response {
	return json(field ? { error: message, field } : { error: message }, { status });
}

/**
 * The admin endpoints answer 403 to anyone but an administrator before reading the request.
 * This is the first gate only: row-level security and the admin functions check again.
 */
export function adminOnly(locals: CallerLocals): Response | undefined {
	const p = locals.principal;
	if (!p) return answer(401, 'Sign in first');
	if (p.role !== 'admin') return answer(403, 'forbidden: administrators only');
	return undefined;
}

/** For the admin pages' loads: a 403 page (rendered by src/routes/admin/+error.svelte). */
export function requireAdminPage(locals: CallerLocals): Principal {
	if (locals.principal?.role !== 'admin') error(403, 'forbidden: administrators only');
	return locals.principal;
}

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

interface PgError {
	code?: string;
	message?: string;
	constraint?: string;
	constraint_name?: string;
	column?: string;
	column_name?: string;
}

/**
 * The database's refusals as answers (PGlite and postgres.js name the fields differently):
 * 42501 (privilege, policy, admin function check) → 403; P0002 (no such row) → 404;
 * unique → 409; check, foreign key, bad value → 400. Anything else is unexpected: rethrown.
 */
export function dbRefusal(err: unknown): Response | undefined {
	if (typeof err !== 'object' || err === null) return undefined;
	const e = err as PgError;
	const constraint = e.constraint ?? e.constraint_name;
	const field = (constraint && CONSTRAINT_FIELDS[constraint]) ?? e.column ?? e.column_name;
	switch (e.code) {
		case '42501':
			return answer(403, 'forbidden: your role or scope does not allow this');
		case 'P0002':
			return answer(404, 'not found');
		case '23505':
			return answer(409, `${field ?? 'body'}: already exists`, field ?? 'body');
		case '23503':
			return answer(
				400,
				`${field ?? 'body'}: refers to something that does not exist`,
				field ?? 'body'
			);
		case '23514':
		case '23502':
			return answer(
				400,
				`${field ?? 'body'}: is not allowed (${constraint ?? e.code})`,
				field ?? 'body'
			);
		case '22023':
		case '22P02':
			// 22023 comes from our admin functions, whose messages are written for the caller.
			return answer(400, `${field ?? 'body'}: ${e.message ?? 'invalid value'}`, field ?? 'body');
		default:
			return undefined;
	}
}

/**
 * Runs an admin request's work in one transaction as the caller (row-level security and the
 * admin functions' own checks apply) and turns refusals into 4xx answers. A refusal rolls the
 * transaction back.
 */
export async function runAsAdmin(
	locals: CallerLocals,
	fn: (q: Queryable, caller: Principal) => Promise<Response>
): Promise<Response> {
	const denied = adminOnly(locals);
	if (denied) return denied;
	const caller = locals.principal!;
	try {
		return await asCaller(locals, (q) => fn(q, caller));
	} catch (err) {
		if (err instanceof Refusal) return answer(err.status, err.message, err.field);
		if (isHttpError(err)) throw err;
		const res = dbRefusal(err);
		if (res) return res;
		throw err;
	}
}
