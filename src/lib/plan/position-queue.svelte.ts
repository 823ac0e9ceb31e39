/**
 * The officer's phone: positions from the browser's geolocation while the shift runs, queued in
 * localStorage and sent in batches; kept while offline and sent on reconnect. The server is
 * idempotent on (unit, ts) and the queue holds one position per timestamp, so a batch sent twice
 * (an answer lost on the way back) stores nothing twice.
 */
import { ApiError, call } from '$lib/api/client';
import { postPatrolPositions } from '$lib/domain/contracts/patrols';

export interface QueuedPosition {
	unit: string;
	ts: string;
	lon: number;
	lat: number;
	accuracyM: number | null;
}

const STORE = 'patrol.queue';
const UNIT = 'patrol.unit';
const BATCH = 200;
const FLUSH_MS = 10_000;
/** At most one position every 5 seconds. */
const MIN_GAP_MS = 5_000;

export class PositionQueue {
	unit = $state('');
	running = $state(false);
	queued = $state(0);
	sent = $state(0);
	offline = $state(false);
	problem = $state<string | null>(null);

	#watch: number | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#flushing = false;
	#last = 0;

	constructor() {
		if (typeof localStorage === 'undefined') return;
		this.unit = localStorage.getItem(UNIT) ?? '';
		this.queued = this.#read().length;
	}

	#read(): QueuedPosition[] {
		try {
			return JSON.parse(localStorage.getItem(STORE) ?? '[]') as QueuedPosition[];
		} catch {
			return [];
		}
	}

	#write(items: QueuedPosition[]): void {
		localStorage.setItem(STORE, JSON.stringify(items));
		this.queued = items.length;
	}

	/** Adds a position (one per unit and second). */
	push(p: QueuedPosition): void {
		const items = this.#read();
		if (!items.some((q) => q.unit === p.unit && q.ts === p.ts)) this.#write([...items, p]);
	}

	start(onNoGeo: () => void): void {
		if (!this.unit.trim() || this.running) return;
		localStorage.setItem(UNIT, this.unit.trim());
		if (!('geolocation' in navigator)) {
			onNoGeo();
			return;
		}
		this.running = true;
		this.#watch = navigator.geolocation.watchPosition(
			(pos) => {
				if (pos.timestamp - this.#last < MIN_GAP_MS) return;
				this.#last = pos.timestamp;
				this.push({
					unit: this.unit.trim(),
					// Whole seconds: the same fix reported twice has the same key.
					// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a value, not state
					ts: new Date(Math.floor(pos.timestamp / 1000) * 1000).toISOString(),
					lon: pos.coords.longitude,
					lat: pos.coords.latitude,
					accuracyM: Number.isFinite(pos.coords.accuracy) ? pos.coords.accuracy : null
				});
				void this.flush();
			},
			() => onNoGeo(),
			{ enableHighAccuracy: true, maximumAge: 5_000 }
		);
		this.#timer = setInterval(() => void this.flush(), FLUSH_MS);
		addEventListener('online', this.#online);
	}

	stop(): void {
		if (this.#watch !== null) navigator.geolocation.clearWatch(this.#watch);
		if (this.#timer) clearInterval(this.#timer);
		this.#watch = null;
		this.#timer = null;
		this.running = false;
		void this.flush();
	}

	#online = () => void this.flush();

	/** Sends what is queued, oldest first; what the server answered for leaves the queue. */
	async flush(): Promise<void> {
		if (this.#flushing) return;
		this.#flushing = true;
		try {
			for (;;) {
				const batch = this.#read().slice(0, BATCH);
				if (batch.length === 0) break;
				const res = await call(postPatrolPositions, { body: batch }, { onUnauthorized: 'throw' });
				this.offline = false;
				const done = batch.map((p) => `${p.unit}|${p.ts}`);
				this.#write(this.#read().filter((p) => !done.includes(`${p.unit}|${p.ts}`)));
				this.sent += res.accepted;
				this.problem = res.rejected.length
					? `${res.rejected.length}:${res.rejected
							.map((r) => r.reason)
							.filter((r, i, all) => all.indexOf(r) === i)
							.join(', ')}`
					: null;
			}
		} catch (err) {
			// No answer (offline): keep everything for later. A refusal of the whole batch too.
			this.offline = !(err instanceof ApiError) || err.status <= 0;
		} finally {
			this.#flushing = false;
		}
	}

	dispose(): void {
		this.stop();
		removeEventListener('online', this.#online);
	}
}
