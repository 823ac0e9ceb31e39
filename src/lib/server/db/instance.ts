import type { AuthConfig } from '../auth/config';
import type { LiveHub } from '../live/hub';
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
