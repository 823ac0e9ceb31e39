import { error } from '@sveltejs/kit';
import { DatabaseUnavailableError, getDatabase } from './db/instance';
import { ANON_CLAIMS, type Claims, type Queryable } from './db/port';
import { resolveZone } from './layers/zones.query';

/**
 * Runs a request's queries in one transaction carrying the caller's claims (anonymous until
 * logins exist), so row-level security applies without touching the callers.
 */
export async function asCaller<T>(
	fn: (q: Queryable) => Promise<T>,
	claims: Claims = ANON_CLAIMS
): Promise<T> {
	let db;
	try {
		db = getDatabase().db;
	} catch (err) {
		if (err instanceof DatabaseUnavailableError) error(503, `database unavailable: ${err.message}`);
		throw err;
	}
	return db.asCaller(claims, fn);
}

/** The zone a request names (or the default one); 404 when the code is unknown. */
export async function zoneOr404(
	q: Queryable,
	code: string | undefined
): Promise<{ id: string; code: string }> {
	const zone = await resolveZone(q, code);
	if (!zone) error(404, code ? `zone "${code}" does not exist` : 'no zone has been set up yet');
	return zone;
}
