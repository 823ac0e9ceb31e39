import postgres from 'postgres';
import { applyClaims, type Db, type Queryable, type Row } from './port';

type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * Queryable.bytes inside a transaction. A BINARY cursor's rows come in binary format when fetched
 * with the simple protocol (postgres.js uses it for a statement without parameters), and raw()
 * hands the field over untouched, so the bytea arrives as its own bytes.
 */
async function cursorBytes(
	tx: postgres.TransactionSql,
	select: string,
	params: readonly unknown[]
) {
	// Declare, fetch and close go out together (postgres.js pipelines queries not yet awaited):
	// one round trip. If one fails, the ones after it fail in the aborted transaction.
	const [, rows] = await Promise.all([
		tx.unsafe(
			`declare bytes_cursor binary no scroll cursor for ${select}`,
			params as postgres.ParameterOrJSON<never>[],
			{ prepare: true }
		),
		tx.unsafe('fetch all from bytes_cursor').raw(),
		tx.unsafe('close bytes_cursor')
	]);
	const value = rows.length === 1 ? rows[0]![0] : null;
	if (!value) throw new Error('bytes: expected one row with a non-null bytea');
	// Node's Buffers are backed by ordinary ArrayBuffers.
	return value as Uint8Array<ArrayBuffer>;
}

function wrap(sql: Sql, tx?: postgres.TransactionSql): Queryable {
	return {
		async query<T extends Row = Row>(text: string, params: readonly unknown[] = []) {
			const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
				prepare: true
			});
			return rows as unknown as T[];
		},
		async exec(text: string) {
			// Without parameters postgres.js uses the simple protocol: several statements are allowed.
			await sql.unsafe(text);
		},
		bytes(select, params = []) {
			if (tx) return cursorBytes(tx, select, params);
			return (sql as postgres.Sql).begin((t) => cursorBytes(t, select, params)) as Promise<never>;
		}
	};
}

export interface PostgresOptions {
	url: string;
	max?: number;
	/** Seconds to wait for a connection before giving up. */
	connectTimeout?: number;
	/** The longest one statement of a request (asCaller) may run, in ms; 0 or unset = no limit. */
	statementTimeoutMs?: number;
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
	const sql = postgres(opts.url, {
		max: opts.max ?? 10,
		connect_timeout: opts.connectTimeout ?? 10,
		idle_timeout: 60,
		onnotice: () => {},
		connection: {
			// Row-level security inflates plan cost estimates, which made PostgreSQL JIT-compile
			// every viewport query (20–25 ms each, measured); our queries are short OLTP reads.
			jit: 'off',
			// Optional filters ($2 is null or …) need plans for the values actually given.
			plan_cache_mode: 'force_custom_plan'
		},
		types: {
			// int8 (identity ids, counts) as numbers, as PGlite returns them; ids stay far below 2^53.
			int8: {
				to: 20,
				from: [20],
				serialize: (x: unknown) => String(x),
				parse: (x: string) => Number(x)
			},
			// A string bound to a json/jsonb parameter is already JSON (PGlite treats it so too);
			// postgres.js would otherwise encode it again as a JSON string literal.
			jsonb: {
				to: 3802,
				from: [3802, 114],
				serialize: (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x)),
				parse: (x: string) => JSON.parse(x)
			}
		}
	});
	const base = wrap(sql);
	const db: Db = {
		engine: 'postgres',
		query: base.query,
		exec: base.exec,
		bytes: base.bytes,
		transaction: (fn) => sql.begin((tx) => fn(wrap(tx, tx))) as Promise<never>,
		asCaller: (claims, fn, meta) =>
			sql.begin(async (tx) => {
				const q = wrap(tx, tx);
				await applyClaims(q, claims, meta, opts.statementTimeoutMs ?? 0);
				return fn(q);
			}) as Promise<never>,
		async listen(channel, onNotify) {
			const sub = await sql.listen(channel, onNotify);
			return () => sub.unlisten();
		},
		async close() {
			await sql.end({ timeout: 5 });
		}
	};
	return db;
}
