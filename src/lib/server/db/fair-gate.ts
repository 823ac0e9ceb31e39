import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whose work a database call is: set by the server's hooks around each request (a hash of the
 * credential it carries, or the caller's address), read by the embedded engine's FairGate. Work
 * outside any request (health checks, the live hub, maintenance) is "system".
 */
const callerKey = new AsyncLocalStorage<string>();

/** Runs `fn` (a request) with its database calls queued under `key`. */
export function withCallerKey<T>(key: string, fn: () => T): T {
	return callerKey.run(key, fn);
}

/**
 * PGlite runs one statement at a time and cannot interrupt one: statement_timeout is not honoured
 * (no timer signal reaches the WebAssembly backend; measured, a 7.6 s statement ran to its end
 * under a 200 ms timeout). Its own queue is first come, first served, so thirty heavy requests
 * from one user made everyone else wait behind all thirty (issue 9 §9).
 *
 * This gate serves callers fairly instead: each call queues under its caller's key
 * (withCallerKey), and each turn goes to the waiting key that has used the database least since
 * it became busy (longest waiting first among equals). A key that keeps the engine busy falls
 * behind everyone who arrives: another user waits for the call in progress, not for a burst, and
 * two busy keys share the time. A key's account is dropped when it has nothing left to run. A call
 * made from inside a running one (a nested engine call) runs at once, as PGlite itself would.
 */
export class FairGate {
	/** Keys waiting for a turn, in the order they arrived, each with its calls in arrival order. */
	private readonly queues = new Map<string, (() => void)[]>();
	/** The key whose call is running, since when, and its calls that arrived meanwhile. */
	private current?: { key: string; since: number; rest: (() => void)[] };
	/** Milliseconds of database time each busy key has used. */
	private readonly used = new Map<string, number>();
	private readonly inside = new AsyncLocalStorage<true>();

	run<T>(fn: () => Promise<T>): Promise<T> {
		if (this.inside.getStore()) return fn();
		const key = callerKey.getStore() ?? 'system';
		return new Promise<T>((resolve, reject) => {
			const job = () =>
				void this.inside
					.run(true, fn)
					.then(resolve, reject)
					.finally(() => this.done());
			if (!this.current && this.queues.size === 0) {
				this.current = { key, since: performance.now(), rest: [] };
				job();
			} else if (this.current?.key === key) {
				this.current.rest.push(job);
			} else {
				const queue = this.queues.get(key);
				if (queue) queue.push(job);
				else this.queues.set(key, [job]);
			}
		});
	}

	private done(): void {
		const finished = this.current!;
		this.current = undefined;
		if (finished.rest.length) {
			this.queues.set(finished.key, finished.rest);
			const spent = performance.now() - finished.since;
			this.used.set(finished.key, (this.used.get(finished.key) ?? 0) + spent);
		} else {
			// Nothing left to run (its calls were all in `rest`): its account closes.
			this.used.delete(finished.key);
		}
		// The next call starts on a later turn of the event loop, once the callers whose call just
		// ended have had the chance to queue their next one (a request's statements come in turns).
		setImmediate(() => this.startNext());
	}

	private startNext(): void {
		if (this.current || this.queues.size === 0) return;
		let key = '';
		let least = Infinity;
		for (const k of this.queues.keys()) {
			const u = this.used.get(k) ?? 0;
			if (u < least) [key, least] = [k, u];
		}
		const [job, ...rest] = this.queues.get(key)!;
		this.queues.delete(key);
		this.current = { key, since: performance.now(), rest };
		job!();
	}
}
