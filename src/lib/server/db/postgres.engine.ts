import postgres from 'postgres';
import { applyClaims, type Db, type Queryable, type Row } from './port';

type Sql = postgres.Sql | postgres.TransactionSql;

function wrap(sql: Sql): Queryable {
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
		}
	};
}

export interface PostgresOptions {
	url: string;
	max?: number;
	/** Seconds to wait for a connection before giving up. */
	connectTimeout?: number;
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
		transaction: (fn) => sql.begin((tx) => fn(wrap(tx))) as Promise<never>,
		asCaller: (claims, fn, meta) =>
			sql.begin(async (tx) => {
				const q = wrap(tx);
				await applyClaims(q, claims, meta);
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
