import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygonCoords } from '$lib/geo/geometry';
import { DEFAULT_AUTH } from '../auth/config';
import type { Principal } from '../auth/principal';
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
	lon?: number | null;
	lat?: number | null;
}

/** SSE event names by table. */
export const EVENT_NAMES: Record<string, string> = {
	incidents: 'incident',
	accidents: 'accident',
	tips: 'tip',
	patrol_routes: 'patrol'
};

/** What a subscriber may receive, decided once per connection. */
export interface Audience {
	principal: Principal;
	/** A liaison officer's units (today's geometry). */
	area?: MultiPolygonCoords;
}

/**
 * What a subscriber may learn of a change: the row (its id and the operation), only that a count
 * changed (an aggregate-only role learns that a tip arrived or moved, never which), or nothing.
 */
export type Disclosure = 'row' | 'count' | null;

/**
 * The same rules as the row-level security policies, applied to announcements: a role never
 * learns of a row it could not read. The one place this decision is made.
 */
export function disclosureTo(a: Audience, ev: ChangeEvent): Disclosure {
	const p = a.principal;
	if (!ev.zoneId || !p.zones.includes(ev.zoneId)) return null;
	const inArea = () =>
		a.area !== undefined &&
		ev.lon != null &&
		ev.lat != null &&
		booleanPointInPolygon([ev.lon, ev.lat], { type: 'MultiPolygon', coordinates: a.area });
	const rowIf = (ok: boolean): Disclosure => (ok ? 'row' : null);
	switch (ev.table) {
		case 'incidents':
			return rowIf(
				['admin', 'commander', 'dispatcher', 'planner'].includes(p.role) ||
					(p.role === 'liaison' && inArea())
			);
		case 'accidents':
			return rowIf(
				['admin', 'commander', 'dispatcher', 'planner', 'board'].includes(p.role) ||
					(p.role === 'liaison' && inArea())
			);
		case 'tips':
			if (['admin', 'commander', 'dispatcher'].includes(p.role)) return 'row';
			// The board reads tip counts (app.tip_counts), never a tip.
			return p.role === 'board' ? 'count' : null;
		case 'patrol_routes':
			return rowIf(['admin', 'commander', 'dispatcher', 'planner', 'board'].includes(p.role));
		default:
			return null;
	}
}

type Listener = (ev: ChangeEvent) => void;

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
 * It also ends streams whose credential no longer holds (issue 9 §4), pushed rather than polled:
 * the database announces every change to sessions, tokens, users and their scopes on
 * 'auth_changes' (migration 20261129000300), and the hub re-checks the streams it names; a timer
 * per stream fires at its session's or token's expiry; a periodic re-check of all streams in a
 * few statements catches an announcement lost on a dropped connection.
 */
export class LiveHub {
	private readonly subscriptions = new Set<Subscription>();
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
				for (const s of this.subscriptions) s.listener(ev);
			}),
			await this.db.listen('auth_changes', (payload) => this.onAuthChange(payload))
		);
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
			lon: number | null;
			lat: number | null;
		}>(
			`select id, entity, op, entity_id, zone_id, lon, lat
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
				zoneId: r.zone_id,
				lon: r.lon,
				lat: r.lat
			}))
		};
	}

	/** The geometry a liaison may see, for filtering their stream. */
	async areaOf(p: Principal): Promise<MultiPolygonCoords | undefined> {
		if (p.role !== 'liaison') return undefined;
		const [row] = await this.db.query<{ g: { type: string; coordinates: unknown } | null }>(
			`select st_asgeojson(st_multi(st_union(geom)))::json as g from admin_units
			where zone_id = any ($1::uuid[]) and code = any ($2::text[])
				and valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date
				and (valid_to is null or valid_to >= (now() at time zone 'Asia/Ho_Chi_Minh')::date)`,
			[p.zones, p.units]
		);
		return (row?.g?.coordinates as MultiPolygonCoords | undefined) ?? [];
	}
}
