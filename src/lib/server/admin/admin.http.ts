import { error, isHttpError } from '@sveltejs/kit';
import { apiText } from '$lib/domain/api-text';
import { may } from '$lib/domain/permissions';
import type { Queryable } from '../db/port';
import { refusal, refusalOrThrow } from '../http';
import { asCaller, langOf, type CallerLocals } from '../read';
import type { Principal } from '../auth/principal';

/**
 * The admin endpoints answer 403 to anyone but an administrator before reading the request.
 * This is the first gate only: row-level security and the admin functions check again.
 */
export function adminOnly(locals: CallerLocals): Response | undefined {
	const p = locals.principal;
	if (!p) return refusal(langOf(locals), 401, 'signIn');
	if (!may(p.capabilities, 'administration')) return refusal(langOf(locals), 403, 'adminsOnly');
	return undefined;
}

/** For the admin pages' loads: a 403 page (rendered by src/routes/admin/+error.svelte). */
export function requireAdminPage(locals: CallerLocals): Principal {
	const p = locals.principal;
	if (!p || !may(p.capabilities, 'administration'))
		error(403, { message: apiText(langOf(locals), 'adminsOnly') });
	return p;
}

/**
 * An admin request: 403 to anyone but an administrator, then `fn`, whose refusals (thrown
 * Refusals, the database's own) become 4xx answers in the caller's language.
 */
export async function adminRequest(
	locals: CallerLocals,
	fn: (caller: Principal) => Promise<Response>
): Promise<Response> {
	const denied = adminOnly(locals);
	if (denied) return denied;
	try {
		return await fn(locals.principal!);
	} catch (err) {
		if (isHttpError(err)) throw err;
		return refusalOrThrow(err, langOf(locals));
	}
}

/**
 * Runs an admin request's work in one transaction as the caller (row-level security and the
 * admin functions' own checks apply). A refusal rolls the transaction back.
 */
export function runAsAdmin(
	locals: CallerLocals,
	fn: (q: Queryable, caller: Principal) => Promise<Response>
): Promise<Response> {
	return adminRequest(locals, (caller) => asCaller(locals, (q) => fn(q, caller)));
}
