import { apiText, msg, type Lang } from '$lib/domain/api-text';
import { may } from '$lib/domain/permissions';
import { claimsOf } from './auth/principal';
import { DatabaseUnavailableError, getDatabase } from './db/instance';
import { ANON_CLAIMS, type Queryable } from './db/port';
import { refuse } from './http';
import { resolveZone } from './layers/zones.query';

/** What a request handler knows about its caller (event.locals). */
export interface CallerLocals {
	principal?: App.Locals['principal'];
	ip?: string;
	userAgent?: string;
	/** The language of the caller's answers (hooks.server.ts); Vietnamese when unset. */
	lang?: Lang;
}

export const langOf = (locals: CallerLocals): Lang => locals.lang ?? 'vi';

/**
 * Runs a request's queries in one transaction as the caller: their claims in
 * `request.jwt.claims`, role `authenticated` (anon without a principal), so row-level security
 * decides every row; the address and user agent go along for the audit trail.
 */
export async function asCaller<T>(
	locals: CallerLocals,
	fn: (q: Queryable) => Promise<T>
): Promise<T> {
	let db;
	try {
		db = getDatabase().db;
	} catch (err) {
		if (err instanceof DatabaseUnavailableError)
			refuse(503, undefined, apiText(langOf(locals), 'dbUnavailable', { detail: err.message }));
		throw err;
	}
	const claims = locals.principal ? claimsOf(locals.principal) : ANON_CLAIMS;
	return db.asCaller(claims, fn, { ip: locals.ip, userAgent: locals.userAgent });
}

/** The zone a request names (or the caller's first zone); 404 when unknown or out of scope. */
export async function zoneOr404(
	q: Queryable,
	code: string | undefined
): Promise<{ id: string; code: string }> {
	const zone = await resolveZone(q, code);
	if (!zone) {
		if (code) refuse(404, 'zone', msg('zoneNotFound', { zone: code }));
		refuse(404, undefined, msg('noZoneInScope'));
	}
	return zone;
}

/**
 * Callers whose role holds no 'incidents.read' never receive individual incident rows through any
 * endpoint (the board sees aggregates; teams see their own reports). Row-level security refuses
 * them too; this answers them with a clear 403 instead of an empty list.
 */
export function refuseIncidentRows(locals: CallerLocals): void {
	const p = locals.principal;
	if (p && !may(p.capabilities, 'incidents.read')) {
		refuse(403, undefined, msg('aggregatesOnly', { role: p.role }));
	}
}
