import { DEFAULT_AUTH } from '../auth/config';
import { claimsOf, type Principal } from '../auth/principal';
import type { SessionPolicy } from '../auth/sessions';
import type { Db } from '../db/port';
import { checkCredentials, credentialOf, scopeOf, type Checked } from './stream-auth';

/** A change as the database announces it (NOTIFY 'changes') and keeps it (change_events). */
export interface ChangeEvent {
	eventId: number;
	table: string;
	op: 'insert' | 'update' | 'delete';
	id: number | string;
	zoneId: string | null;
}

/** SSE event names by table. */
export const EVENT_NAMES: Record<string, string> = {
	incidents: 'incident',
	accidents: 'accident',
	tips: 'tip',
	patrol_routes: 'patrol'
};

/**
 * What a subscriber may learn of a change: the row (its id and the operation), only that a count
 * changed (a role that reads the zone's aggregates but not its tips learns that a tip arrived or
 * moved, never which), or nothing.
 */
export type Disclosure = 'row' | 'count' | null;

/**
 * What `principal` may learn of each of `events`, by event id. The database decides, asked as the
 * principal: app.event_disclosure applies the same permissions as the read policies
 * (app.can('<table>.read', zone, geometry)) to each changed row where it was. Nothing here
 * restates a rule.
 */
export async function disclosures(
	db: Db,
	principal: Principal,
	events: readonly Pick<ChangeEvent, 'eventId'>[]
): Promise<Map<number, Disclosure>> {
	if (events.length === 0) return new Map();
	const rows = await db.asCaller(claimsOf(principal), (q) =>
		q.query<{ id: number | string; disclosure: Disclosure }>(
			`select id, disclosure from app.event_disclosure($1::bigint[])`,
			[events.map((e) => e.eventId)]
		)
	);
	return new Map(rows.map((r) => [Number(r.id), r.disclosure]));
}

type Listener = (ev: ChangeEvent, what: Exclude<Disclosure, null>) => void;

export interface LiveHubOptions {
	/** The session policy, for idle and absolute expiry of streams opened with a cookie. */
	session: SessionPolicy;
	/**
	 * How often every open stream's credential is re-checked in one go: the backstop for an
	 * announcement lost while the LISTEN connection was down. Announcements and expiry timers
	 * end streams sooner (default 5 s, so even then a stream ends within about that).
	 */
	recheckMs?: number;
}

interface Subscription extends Checked {
	listener: Listener;
	principal: Principal;
	end: () => void;
	timer?: ReturnType<typeof setTimeout>;
}

/** setTimeout's largest delay (about 24.8 days); a later deadline is re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One LISTEN per server process, fanned out to every open stream. Process-wide by nature, like
 * the connection pool; it holds no request data.
 *
 * Who learns of what is the database's decision (`disclosures`): events are taken in batches (all
 * those announced while the previous batch was being decided), streams are grouped by role and
 * scope, and each group's batch is one query as that group, so a hundred commanders cost one.
 *
 * It also ends streams whose credential no longer holds (issue 9 §4), pushed rather than polled:
 * the database announces every change to sessions, tokens, users and their scopes on
 * 'auth_changes' (migration 20261129000300), and the hub re-checks the streams it names; a timer
 * per stream fires at its session's or token's expiry; a periodic re-check of all streams in a
 * few statements catches an announcement lost on a dropped connection.
 */
export class LiveHub {
	private readonly subscriptions = new Set<Subscription>();
	/** Announced events not yet fanned out; taken as one batch while the previous one is decided. */
	private pending: ChangeEvent[] = [];
	private fanningOut = false;
	private newest = 0;
	private readonly unlisten: (() => Promise<void>)[] = [];
	private backstop?: ReturnType<typeof setInterval>;
	private backstopRunning = false;

	constructor(
		private readonly db: Db,
		private readonly options: LiveHubOptions = { session: DEFAULT_AUTH.session }
	) {}

	async start(): Promise<void> {
		this.unlisten.push(
			await this.db.listen('changes', (payload) => {
				let ev: ChangeEvent;
				try {
					ev = JSON.parse(payload) as ChangeEvent;
				} catch {
					return;
				}
				if (typeof ev.eventId !== 'number') return;
				this.newest = Math.max(this.newest, ev.eventId);
				this.enqueue(ev);
			}),
			await this.db.listen('auth_changes', (payload) => this.onAuthChange(payload))
		);
		// Listening already: every later event is announced, so this id is where "now" starts.
		const [row] = await this.db.query<{ id: number | string }>(
			`select coalesce(max(id), 0) as id from change_events`
		);
		this.newest = Math.max(this.newest, Number(row!.id));
		this.backstop = setInterval(() => {
			if (this.backstopRunning || this.subscriptions.size === 0) return;
			this.backstopRunning = true;
			void this.recheck([...this.subscriptions]).finally(() => (this.backstopRunning = false));
		}, this.options.recheckMs ?? 5000);
		this.backstop.unref?.();
	}

	async stop(): Promise<void> {
		clearInterval(this.backstop);
		for (const u of this.unlisten.splice(0)) await u();
		for (const s of this.subscriptions) clearTimeout(s.timer);
		this.subscriptions.clear();
	}

	/**
	 * Registers an open stream of `principal`. `end` is called (once) when its credential stops
	 * holding; the stream must then close. Returns the unsubscribe function.
	 */
	subscribe(listener: Listener, principal: Principal, end: () => void): () => void {
		const sub: Subscription = {
			listener,
			principal,
			end,
			credential: credentialOf(principal),
			scope: scopeOf(principal)
		};
		this.subscriptions.add(sub);
		// Also closes the gap between authenticating the request and subscribing: a revocation
		// announced in between finds the credential dead here.
		void this.recheck([sub]);
		return () => this.drop(sub);
	}

	get size(): number {
		return this.subscriptions.size;
	}

	/** The newest event announced so far (or kept when the hub started): a new stream's start. */
	get newestEventId(): number {
		return this.newest;
	}

	private enqueue(ev: ChangeEvent): void {
		this.pending.push(ev);
		if (!this.fanningOut) void this.fanOutPending();
	}

	/** Fans out batches in announcement order, one at a time, until none is left. */
	private async fanOutPending(): Promise<void> {
		this.fanningOut = true;
		try {
			while (this.pending.length > 0) {
				const batch = this.pending;
				this.pending = [];
				await this.fanOut(batch);
			}
		} finally {
			this.fanningOut = false;
		}
	}

	private async fanOut(batch: ChangeEvent[]): Promise<void> {
		const groups = new Map<string, Subscription[]>();
		for (const sub of this.subscriptions) {
			const group = groups.get(sub.scope);
			if (group) group.push(sub);
			else groups.set(sub.scope, [sub]);
		}
		await Promise.all(
			[...groups.values()].map(async (subs) => {
				let decided: Map<number, Disclosure>;
				try {
					decided = await disclosures(this.db, subs[0]!.principal, batch);
				} catch {
					// Undecided events are never sent. End these streams instead of skipping events:
					// the browser reconnects with Last-Event-ID and the replay asks again.
					for (const sub of subs) {
						if (!this.subscriptions.has(sub)) continue;
						this.drop(sub);
						sub.end();
					}
					return;
				}
				for (const ev of batch) {
					const what = decided.get(ev.eventId);
					if (!what) continue;
					for (const sub of subs) if (this.subscriptions.has(sub)) sub.listener(ev, what);
				}
			})
		);
	}

	/** What `principal` may learn of each of `events` (a stream's replay). */
	disclosures(
		principal: Principal,
		events: readonly ChangeEvent[]
	): Promise<Map<number, Disclosure>> {
		return disclosures(this.db, principal, events);
	}

	private drop(sub: Subscription): void {
		clearTimeout(sub.timer);
		this.subscriptions.delete(sub);
	}

	private onAuthChange(payload: string): void {
		let change: { user?: unknown; token?: unknown };
		try {
			change = JSON.parse(payload) as typeof change;
		} catch {
			return;
		}
		const hit = [...this.subscriptions].filter(({ principal: p }) =>
			p.kind === 'token' ? p.id === change.token : p.id === change.user
		);
		if (hit.length) void this.recheck(hit);
	}

	/** Checks the subscriptions' credentials; ends the dead, times the living to their deadline. */
	private async recheck(subs: Subscription[]): Promise<void> {
		let verdicts;
		try {
			verdicts = await checkCredentials(this.db, subs, this.options.session);
		} catch {
			// The database did not answer: no event can reach these streams either. The next
			// announcement, timer or backstop run decides.
			return;
		}
		subs.forEach((sub, i) => {
			if (!this.subscriptions.has(sub)) return;
			const v = verdicts[i]!;
			if (!v.alive) {
				this.drop(sub);
				sub.end();
				return;
			}
			clearTimeout(sub.timer);
			sub.timer = undefined;
			if (v.deadline === Infinity) return;
			// At least 250 ms: a database clock slightly behind ours must not make this a busy loop.
			const wait = Math.min(Math.max(250, v.deadline - Date.now()), MAX_TIMER_MS);
			sub.timer = setTimeout(() => void this.recheck([sub]), wait);
			sub.timer.unref?.();
		});
	}

	/**
	 * Events after `afterId`, oldest first. `tooMany` when more than `limit` were missed: the
	 * client should then reload its layers instead of replaying.
	 */
	async since(afterId: number, limit = 5000): Promise<{ events: ChangeEvent[]; tooMany: boolean }> {
		const rows = await this.db.query<{
			id: number;
			entity: string;
			op: ChangeEvent['op'];
			entity_id: string;
			zone_id: string | null;
		}>(
			`select id, entity, op, entity_id, zone_id
			from change_events where id > $1 order by id limit $2`,
			[afterId, limit + 1]
		);
		return {
			tooMany: rows.length > limit,
			events: rows.slice(0, limit).map((r) => ({
				eventId: r.id,
				table: r.entity,
				op: r.op,
				id: /^\d+$/.test(r.entity_id) ? Number(r.entity_id) : r.entity_id,
				zoneId: r.zone_id
			}))
		};
	}
}
