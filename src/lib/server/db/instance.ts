import type { AuthConfig } from '../auth/config';
import type { RequestPolicy } from '../guard/policy';
import type { LiveHub } from '../live/hub';
import type { HealthMonitor } from './health';
import type { Db } from './port';

/**
 * The process's database handle: a connection pool (or the in-process PGlite) is the one piece
 * of server state every request shares. Nothing request-specific is ever stored here.
 */
export interface DatabaseState {
	db: Db;
	postgisVersion: string;
	/** Session lifetimes, login limits and Supabase Auth settings; defaults when omitted. */
	auth?: AuthConfig;
	/** Fans database change notifications out to the open event streams. */
	live?: LiveHub;
	/** The database's state as a background check last saw it: what /api/health reports. */
	health?: HealthMonitor;
	/** The origin rule's ORIGIN and the per-principal limit; defaults when omitted. */
	requests?: RequestPolicy;
}

let state: DatabaseState | undefined;
let failure: string | undefined;

export function setDatabase(next: DatabaseState | undefined): void {
	state = next;
	failure = undefined;
}

export function setDatabaseFailure(reason: string): void {
	state = undefined;
	failure = reason;
}

export class DatabaseUnavailableError extends Error {
	override name = 'DatabaseUnavailableError';
}

export function getDatabase(): DatabaseState {
	if (!state) throw new DatabaseUnavailableError(failure ?? 'the database is still starting');
	return state;
}
