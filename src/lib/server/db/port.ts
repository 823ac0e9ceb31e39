/**
 * The one query path over both engines (DESIGN.md §1): PGlite+PostGIS in-process, or
 * PostgreSQL+PostGIS through postgres.js. Application code sees only this port; SQL uses
 * `$1…$n` placeholders and is written once.
 */
export type EngineName = 'pglite' | 'postgres';

export type Row = Record<string, unknown>;

export interface Queryable {
	/** Runs one parameterised statement and returns its rows. */
	query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
	/** Runs a script of several statements without parameters (migrations, seeds). */
	exec(sql: string): Promise<void>;
	/**
	 * The bytea value a one-row, one-column SELECT returns, as bytes. PostgreSQL sends it through
	 * a BINARY cursor: the raw bytes instead of the hex text an ordinary result carries, half as
	 * many and nothing to decode (the 260 kB viewport frame: 13 → 7 ms, measured). Runs in the
	 * current transaction, or in its own one.
	 */
	bytes(select: string, params?: readonly unknown[]): Promise<Uint8Array<ArrayBuffer>>;
}

/** The JWT claims a request carries; the same shape Supabase puts in `request.jwt.claims`. */
export interface Claims {
	role: 'anon' | 'authenticated' | 'service_role';
	sub?: string;
	[claim: string]: unknown;
}

/** Where a request came from, for the audit trail (set as `request.ip` / `request.user_agent`). */
export interface RequestMeta {
	ip?: string;
	userAgent?: string;
}

export type Notification = { channel: string; payload: string };

export interface Db extends Queryable {
	readonly engine: EngineName;
	/** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
	transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
	/**
	 * Runs `fn` in a transaction that carries the caller's claims and role, exactly as Supabase's
	 * API does: `request.jwt.claims` is set and `SET LOCAL ROLE` switches to the claims' role, so
	 * row-level security applies to every statement inside.
	 */
	asCaller<T>(claims: Claims, fn: (tx: Queryable) => Promise<T>, meta?: RequestMeta): Promise<T>;
	/** Subscribes to NOTIFY on a channel; resolves to an unsubscribe function. */
	listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

const ROLES = new Set(['anon', 'authenticated', 'service_role']);

/**
 * Shared by both engines: set the claims and role inside an open transaction, and the request's
 * statement timeout in ms (`set local statement_timeout`, so it ends with the request; 0 leaves
 * the connection's own setting alone).
 */
export async function applyClaims(
	tx: Queryable,
	claims: Claims,
	meta: RequestMeta = {},
	statementTimeoutMs = 0
): Promise<void> {
	if (!ROLES.has(claims.role)) throw new Error(`unknown database role in claims: ${claims.role}`);
	// One round trip: setting `role` locally is what SET LOCAL ROLE does (PostgREST does the same),
	// and the role name travels as a parameter. The role is switched last, after the settings.
	await tx.query(
		`select set_config('request.jwt.claims', $1, true), set_config('request.ip', $2, true),
			set_config('request.user_agent', $3, true),
			case when $5::int > 0 then set_config('statement_timeout', $5::int::text, true) end,
			set_config('role', $4, true)`,
		[
			JSON.stringify(claims),
			meta.ip ?? '',
			(meta.userAgent ?? '').slice(0, 300),
			claims.role,
			statementTimeoutMs
		]
	);
}

export const ANON_CLAIMS: Claims = Object.freeze({ role: 'anon' }) as Claims;
