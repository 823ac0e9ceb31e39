import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { FairGate } from './fair-gate';
import { applyClaims, type Db, type Queryable, type Row } from './port';
import { PGLITE_WORKER_SOURCE } from './pglite.worker';

export interface PGliteOptions {
	/** Directory to persist to; omitted = in memory. */
	dataDir?: string;
	/** A gzipped data directory dump to start from (tests load a migrated template). */
	loadDataDir?: Blob | File;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: PgFields };
type PgFields = { message: string } & Record<string, string | number | boolean | null>;

/**
 * The embedded engine runs on its own worker thread (pglite.worker.ts). PGlite executes each
 * statement to its end on the thread that calls it, without yielding: in-process, a 600 ms
 * statement held every socket of the server for 600 ms (a health check, another user's request,
 * the event streams' heartbeats). On a worker the server's thread stays free whatever a statement
 * costs (issue 9 §9). Rows cross as structured clones (dates stay dates; bytea arrives as a
 * Uint8Array); database errors keep their fields (code, constraint, column…) for dbRefusal.
 */
class EngineThread {
	private readonly worker: Worker;
	private nextId = 1;
	private readonly pending = new Map<
		number,
		{ resolve: (v: unknown) => void; reject: (e: Error) => void }
	>();
	private readonly listeners = new Map<number, (payload: string) => void>();
	private failure?: Error;

	constructor() {
		const require = createRequire(import.meta.url);
		this.worker = new Worker(PGLITE_WORKER_SOURCE, {
			eval: true,
			workerData: {
				pglite: require.resolve('@electric-sql/pglite'),
				postgis: require.resolve('@electric-sql/pglite-postgis')
			}
		});
		// The thread keeps the process alive only while a call is pending (as a socket would): a
		// tool that forgets to close the database still exits.
		this.worker.unref();
		this.worker.on('message', (msg: Reply | { notify: number; payload: string }) => {
			if ('notify' in msg) {
				this.listeners.get(msg.notify)?.(msg.payload);
				return;
			}
			const call = this.pending.get(msg.id);
			this.pending.delete(msg.id);
			if (this.pending.size === 0) this.worker.unref();
			if (!call) return;
			if (msg.ok) call.resolve(msg.value);
			else call.reject(Object.assign(new Error(msg.error.message), msg.error));
		});
		const fail = (err: Error) => {
			this.failure = err;
			for (const call of this.pending.values()) call.reject(err);
			this.pending.clear();
		};
		this.worker.on('error', (err) => fail(new Error(`embedded database stopped: ${err.message}`)));
		this.worker.on('exit', (code) => fail(new Error(`embedded database stopped (exit ${code})`)));
	}

	call<T>(
		op: string,
		args: Record<string, unknown> = {},
		transfer: ArrayBuffer[] = []
	): Promise<T> {
		if (this.failure) return Promise.reject(this.failure);
		const id = this.nextId++;
		if (this.pending.size === 0) this.worker.ref();
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.worker.postMessage({ ...args, op, id }, transfer);
		});
	}

	listen(id: number, onNotify: (payload: string) => void): void {
		this.listeners.set(id, onNotify);
	}

	unlisten(id: number): void {
		this.listeners.delete(id);
	}

	async terminate(): Promise<void> {
		this.failure ??= new Error('the embedded database is closed');
		await this.worker.terminate();
	}
}

/** Statements on the engine thread, outside (tx undefined) or inside an open transaction. */
function wrap(thread: EngineThread, tx?: number): Queryable {
	return {
		query<T extends Row = Row>(sql: string, params: readonly unknown[] = []) {
			return thread.call<T[]>('query', { sql, params, tx });
		},
		exec(sql: string) {
			return thread.call<void>('exec', { sql, tx });
		},
		// In-process there is no wire to save bytes on: the value comes as an ordinary result.
		bytes(select, params = []) {
			return thread.call<Uint8Array<ArrayBuffer>>('bytes', { select, params, tx });
		}
	};
}

export async function openPGlite(opts: PGliteOptions = {}): Promise<Db> {
	const thread = new EngineThread();
	const load = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : undefined;
	try {
		await thread.call('open', { dataDir: opts.dataDir, load }, load ? [load] : []);
	} catch (err) {
		await thread.terminate();
		throw err;
	}
	const base = wrap(thread);
	const gate = new FairGate();
	let nextTx = 1;
	let nextListener = 1;
	let closed = false;

	/** A transaction held open on the engine thread while `fn` runs its statements. */
	async function inTransaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
		const tx = nextTx++;
		await thread.call('begin', { tx });
		let out: T;
		try {
			out = await fn(wrap(thread, tx));
		} catch (err) {
			await thread.call('end', { tx, commit: false }).catch(() => {});
			throw err;
		}
		await thread.call('end', { tx, commit: true });
		return out;
	}

	return {
		engine: 'pglite',
		query: (sql, params) => gate.run(() => base.query(sql, params)),
		exec: (sql) => gate.run(() => base.exec(sql)),
		bytes: (select, params) => gate.run(() => base.bytes(select, params)),
		transaction: (fn) => gate.run(() => inTransaction(fn)),
		asCaller: (claims, fn, meta) =>
			gate.run(() =>
				inTransaction(async (q) => {
					await applyClaims(q, claims, meta);
					return fn(q);
				})
			),
		async listen(channel, onNotify) {
			const listener = nextListener++;
			// Notifications arrive as messages, outside any request: the gate sees no caller.
			thread.listen(listener, onNotify);
			await gate.run(() => thread.call('listen', { channel, listener }));
			return async () => {
				thread.unlisten(listener);
				if (!closed) await gate.run(() => thread.call('unlisten', { listener }));
			};
		},
		async close() {
			if (closed) return;
			closed = true;
			await thread.call('close').catch(() => {});
			await thread.terminate();
		},
		// Exposed for tests that snapshot a migrated database as a template.
		...({
			dumpDataDir: async () => new Blob([await gate.run(() => thread.call<ArrayBuffer>('dump'))])
		} as object)
	} as Db;
}

/** Dumps a PGlite-backed Db (tests build a migrated template once per run). */
export async function dumpPGlite(db: Db): Promise<Blob> {
	const dump = (db as unknown as { dumpDataDir?: () => Promise<Blob> }).dumpDataDir;
	if (!dump) throw new Error('not a PGlite database');
	return dump();
}
