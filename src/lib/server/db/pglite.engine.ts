import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { FairGate } from './fair-gate';
import { applyClaims, type Db, type Queryable, type Row } from './port';

type PGliteTx = Pick<PGlite, 'query' | 'exec'>;

/**
 * Queryable.bytes: in-process there is no wire to save bytes on, so the value comes as an
 * ordinary result (hex text, decoded natively by parseBytea below).
 */
async function selectBytes(q: PGliteTx, select: string, params: readonly unknown[]) {
	const res = await q.query<{ value: Uint8Array<ArrayBuffer> | null }>(
		`select (${select}) as value`,
		params as unknown[]
	);
	const value = res.rows.length === 1 ? res.rows[0]!.value : null;
	if (!value) throw new Error('bytes: expected one row with a non-null bytea');
	return value;
}

function wrap(q: PGliteTx): Queryable {
	return {
		async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []) {
			const res = await q.query<T>(sql, params as unknown[]);
			return res.rows;
		},
		async exec(sql: string) {
			await q.exec(sql);
		},
		bytes(select, params = []) {
			return selectBytes(q, select, params);
		}
	};
}

export interface PGliteOptions {
	/** Directory to persist to; omitted = in memory. */
	dataDir?: string;
	/** A gzipped data directory dump to start from (tests load a migrated template). */
	loadDataDir?: Blob | File;
}

const BYTEA_OID = 17;

/**
 * bytea arrives as hex text ("\\x…"); PGlite's own parser calls parseInt once a byte (≈ 30 ms
 * for the 370 kB viewport frame, measured), Node's hex decoder is native. postgres.js does the
 * same with Buffer.from, so both engines hand back a Buffer (a Uint8Array).
 */
const parseBytea = (hex: string): Uint8Array => Buffer.from(hex.slice(2), 'hex');

export async function openPGlite(opts: PGliteOptions = {}): Promise<Db> {
	const pg = await PGlite.create({
		dataDir: opts.dataDir,
		loadDataDir: opts.loadDataDir,
		extensions: { postgis },
		parsers: { [BYTEA_OID]: parseBytea }
	});
	const base = wrap(pg);
	const gate = new FairGate();
	return {
		engine: 'pglite',
		query: (sql, params) => gate.run(() => base.query(sql, params)),
		exec: (sql) => gate.run(() => base.exec(sql)),
		bytes: (select, params) => gate.run(() => base.bytes(select, params)),
		transaction: (fn) => gate.run(() => pg.transaction((tx) => fn(wrap(tx)))),
		asCaller: (claims, fn, meta) =>
			gate.run(() =>
				pg.transaction(async (tx) => {
					const q = wrap(tx);
					await applyClaims(q, claims, meta);
					return fn(q);
				})
			),
		async listen(channel, onNotify) {
			const unsub = await gate.run(() =>
				pg.listen(channel, (payload) => gate.outside(() => onNotify(payload)))
			);
			return async () => gate.run(() => unsub());
		},
		async close() {
			if (!pg.closed) await pg.close();
		},
		// Exposed for tests that snapshot a migrated database as a template.
		...({ dumpDataDir: () => pg.dumpDataDir('gzip') } as object)
	} as Db;
}

/** Dumps a PGlite-backed Db (tests build a migrated template once per run). */
export async function dumpPGlite(db: Db): Promise<Blob> {
	const dump = (db as unknown as { dumpDataDir?: () => Promise<Blob> }).dumpDataDir;
	if (!dump) throw new Error('not a PGlite database');
	return dump();
}
