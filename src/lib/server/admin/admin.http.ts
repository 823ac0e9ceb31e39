import { error } from '@sveltejs/kit';
import { apiText, msg } from '$lib/domain/api-text';
import { may } from '$lib/domain/permissions';
import type { Queryable } from '../db/port';
import { refuse } from '../http';
import { asCaller, langOf, type CallerLocals } from '../read';
import type { Principal } from '../auth/principal';

/**
 * The admin endpoints refuse anyone but an administrator before reading the request (their
 * `guard`). This is the first gate only: row-level security and the admin functions check again.
 */
export function adminOnly(locals: CallerLocals): void {
	const p = locals.principal;
	if (!p) refuse(401, undefined, msg('signIn'));
	if (!may(p.capabilities, 'administration')) refuse(403, undefined, msg('adminsOnly'));
}

/** For the admin pages' loads: a 403 page (rendered by src/routes/admin/+error.svelte). */
export function requireAdminPage(locals: CallerLocals): Principal {
	const p = locals.principal;
	if (!p || !may(p.capabilities, 'administration'))
		error(403, { message: apiText(langOf(locals), 'adminsOnly') });
	return p;
}

/**
 * Runs an admin request's work in one transaction as the administrator (row-level security and
 * the admin functions' own checks apply). A refusal rolls the transaction back.
 */
export function runAsAdmin<T>(
	locals: CallerLocals,
	fn: (q: Queryable, caller: Principal) => Promise<T>
): Promise<T> {
	adminOnly(locals);
	return asCaller(locals, (q) => fn(q, locals.principal!));
}
