/**
 * The embedded database's thread (see pglite.engine.ts). PGlite runs each statement to its end on
 * the thread that calls it, so it runs on a worker thread and the server's own thread stays free
 * for other requests, health checks and event streams whatever a statement costs.
 *
 * The worker is CommonJS source text, evaluated by `new Worker(source, { eval: true })`: the build,
 * the tests and tsx (npm run seed, bench) all load it as an ordinary module, and no separate worker
 * entry has to be bundled. The main thread passes the resolved paths of the PGlite packages in
 * workerData. (No backtick, dollar-brace or backslash may appear below: it is a raw template.)
 */
export const PGLITE_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const { postgis } = require(workerData.postgis);

const BYTEA_OID = 17;
/** bytea as bytes, decoded natively (PGlite's own parser calls parseInt once a byte). */
const parseBytea = (hex) => Buffer.from(hex.slice(2), 'hex');
/** Thrown inside a transaction's callback to roll it back. */
const ROLLBACK = Symbol('rollback');

let pg;
/** Open transactions by id: the PGlite transaction, how to end it, and its outcome. */
const txs = new Map();
/** Listeners by id: their unsubscribe functions. */
const listeners = new Map();

const on = (tx) => (tx === undefined ? pg : txs.get(tx).t);

/** A database error's message and its plain fields (code, constraint, column, …). */
function errorOf(err) {
	const out = { message: err instanceof Error ? err.message : String(err) };
	if (err && typeof err === 'object') {
		for (const [k, v] of Object.entries(err)) {
			if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
		}
	}
	return out;
}

async function selectBytes(q, select, params) {
	const res = await q.query('select (' + select + ') as value', params);
	const value = res.rows.length === 1 ? res.rows[0].value : null;
	if (!value) throw new Error('bytes: expected one row with a non-null bytea');
	return value;
}

const ops = {
	async open({ dataDir, load }) {
		pg = await PGlite.create({
			dataDir,
			loadDataDir: load ? new Blob([load]) : undefined,
			extensions: { postgis },
			parsers: { [BYTEA_OID]: parseBytea }
		});
	},
	async query({ sql, params, tx }) {
		return (await on(tx).query(sql, params)).rows;
	},
	async exec({ sql, tx }) {
		await on(tx).exec(sql);
	},
	async bytes({ select, params, tx }) {
		return selectBytes(on(tx), select, params);
	},
	/** Opens a transaction that stays open until 'end': the main thread runs the statements. */
	begin({ tx }) {
		return new Promise((ready, fail) => {
			const entry = {};
			entry.outcome = pg.transaction(async (t) => {
				const commit = await new Promise((end) => {
					Object.assign(entry, { t, end });
					txs.set(tx, entry);
					ready();
				});
				if (!commit) throw ROLLBACK;
			});
			// Before 'ready' this is the BEGIN failing; after it, 'end' reports the outcome.
			entry.outcome.catch((err) => (txs.has(tx) ? undefined : fail(err)));
		});
	},
	async end({ tx, commit }) {
		const entry = txs.get(tx);
		txs.delete(tx);
		entry.end(commit);
		try {
			await entry.outcome;
		} catch (err) {
			if (err !== ROLLBACK) throw err;
		}
	},
	async listen({ channel, listener }) {
		const unsub = await pg.listen(channel, (payload) =>
			parentPort.postMessage({ notify: listener, payload })
		);
		listeners.set(listener, unsub);
	},
	async unlisten({ listener }) {
		const unsub = listeners.get(listener);
		listeners.delete(listener);
		if (unsub) await unsub();
	},
	async dump() {
		return (await pg.dumpDataDir('gzip')).arrayBuffer();
	},
	async close() {
		if (pg && !pg.closed) await pg.close();
	}
};

parentPort.on('message', async (msg) => {
	try {
		const value = await ops[msg.op](msg);
		// Only a whole ArrayBuffer is handed over; a Buffer may share Node's pool, so it is copied.
		const transfer = value instanceof ArrayBuffer ? [value] : [];
		parentPort.postMessage({ id: msg.id, ok: true, value }, transfer);
	} catch (err) {
		parentPort.postMessage({ id: msg.id, ok: false, error: errorOf(err) });
	}
});
`;
