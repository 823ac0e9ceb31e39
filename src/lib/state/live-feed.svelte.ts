/**
 * The live change feed: one EventSource on GET /api/stream, its connection state, and recovery.
 *
 * EventSource reconnects by itself after a dropped connection and resends Last-Event-ID, so the
 * server replays what was missed. It gives up for good when an answer is not a 200 event stream
 * (a 503 while the server starts, a 401 after the session ended): then we open a new one with
 * backoff, passing the last id we saw in the query (the header cannot be set by hand).
 */
export type LiveState = 'live' | 'reconnecting' | 'offline';
export type ChangeOp = 'insert' | 'update' | 'delete';
export type ChangeKind = 'incident' | 'accident' | 'tip' | 'patrol' | 'position';

/** A row's change, or `null` when the role may only learn that a count changed (the board's tips). */
export type Change = { id: number | string; op: ChangeOp } | null;

export interface LiveHandlers {
	change(kind: ChangeKind, change: Change): void;
	/** The server could not replay what was missed, or we reconnected without an id: reload all. */
	resync(): void;
	/** The stream came back and replayed what was missed; figures that drift with time may refresh. */
	reconnected?(): void;
	/** Asked on a permanent failure: answer false when the session is gone (sign in again). */
	stillSignedIn?(): Promise<boolean>;
	signedOut?(): void;
}

const KINDS: readonly ChangeKind[] = ['incident', 'accident', 'tip', 'patrol', 'position'];
const OPS: readonly string[] = ['insert', 'update', 'delete'];
const MAX_BACKOFF_MS = 15_000;

/** The event's `{id, op}`; `{}` is a count that changed (null); undefined when malformed. */
function parseChange(data: string): Change | undefined {
	try {
		const v = JSON.parse(data) as { id?: unknown; op?: unknown };
		if (v !== null && typeof v === 'object' && Object.keys(v).length === 0) return null;
		const idOk = typeof v.id === 'number' || (typeof v.id === 'string' && v.id.length < 100);
		if (!idOk || typeof v.op !== 'string' || !OPS.includes(v.op)) return undefined;
		return { id: v.id as number | string, op: v.op as ChangeOp };
	} catch {
		return undefined;
	}
}

export class LiveFeed {
	state = $state<LiveState>('reconnecting');
	/** False until the first connection opened: the indicator then says "connecting". */
	everConnected = $state(false);
	/** When the last change arrived (epoch ms). */
	lastChangeAt = $state<number | null>(null);

	#url: string;
	#source: EventSource | null = null;
	#handlers: LiveHandlers | null = null;
	#lastEventId: string | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#attempt = 0;
	#stopped = true;
	#wasDown = false;

	constructor(url = '/api/stream') {
		this.#url = url;
	}

	start(handlers: LiveHandlers): void {
		this.#handlers = handlers;
		this.#stopped = false;
		window.addEventListener('online', this.#onOnline);
		window.addEventListener('offline', this.#onOffline);
		this.#open();
	}

	stop(): void {
		this.#stopped = true;
		window.removeEventListener('online', this.#onOnline);
		window.removeEventListener('offline', this.#onOffline);
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#close();
	}

	#onOnline = () => {
		if (this.state !== 'live') this.#reopenSoon(0);
	};

	#onOffline = () => {
		this.state = 'offline';
	};

	#close(): void {
		this.#source?.close();
		this.#source = null;
	}

	#open(): void {
		if (this.#stopped) return;
		this.#close();
		const resuming = this.#lastEventId !== null;
		const url = resuming
			? `${this.#url}?lastEventId=${encodeURIComponent(this.#lastEventId!)}`
			: this.#url;
		// A brand-new stream starts "from now": whatever happened while we had none is unknown.
		const needsResync = this.everConnected && !resuming;
		const es = new EventSource(url);
		this.#source = es;

		es.onopen = () => {
			if (this.#source !== es) return;
			this.#attempt = 0;
			this.state = 'live';
			this.everConnected = true;
			if (needsResync) this.#handlers?.resync();
			else if (this.#wasDown) this.#handlers?.reconnected?.();
			this.#wasDown = false;
		};
		es.onerror = () => {
			if (this.#source !== es) return;
			this.#wasDown = this.everConnected;
			if (es.readyState === EventSource.CLOSED) {
				this.state = 'offline';
				void this.#failedForGood();
			} else {
				this.state = navigator.onLine === false ? 'offline' : 'reconnecting';
			}
		};
		for (const kind of KINDS) {
			es.addEventListener(kind, (ev) => {
				const m = ev as MessageEvent<string>;
				if (m.lastEventId) this.#lastEventId = m.lastEventId;
				const change = parseChange(m.data);
				if (change === undefined) return;
				this.lastChangeAt = Date.now();
				this.#handlers?.change(kind, change);
			});
		}
		es.addEventListener('reset', (ev) => {
			const m = ev as MessageEvent<string>;
			if (m.lastEventId) this.#lastEventId = m.lastEventId;
			this.#handlers?.resync();
		});
	}

	async #failedForGood(): Promise<void> {
		this.#close();
		// Resume from the last event we saw; without one, the next open resyncs instead.
		const signedIn = this.#handlers?.stillSignedIn ? await this.#handlers.stillSignedIn() : true;
		if (this.#stopped) return;
		if (!signedIn) {
			this.#handlers?.signedOut?.();
			return;
		}
		this.#reopenSoon(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.#attempt++));
	}

	#reopenSoon(delayMs: number): void {
		if (this.#stopped) return;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.state = 'reconnecting';
			this.#open();
		}, delayMs);
	}
}
