import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygonCoords } from '$lib/geo/geometry';
import type { Principal } from '../auth/principal';
import type { Db } from '../db/port';

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
 * The same rules as the row-level security policies, applied to announcements: a role never
 * learns of a row it could not read.
 */
export function visibleTo(a: Audience, ev: ChangeEvent): boolean {
	const p = a.principal;
	if (!ev.zoneId || !p.zones.includes(ev.zoneId)) return false;
	const inArea = () =>
		a.area !== undefined &&
		ev.lon != null &&
		ev.lat != null &&
		booleanPointInPolygon([ev.lon, ev.lat], { type: 'MultiPolygon', coordinates: a.area });
	switch (ev.table) {
		case 'incidents':
			return (
				['admin', 'commander', 'dispatcher', 'planner'].includes(p.role) ||
				(p.role === 'liaison' && inArea())
			);
		case 'accidents':
			return (
				['admin', 'commander', 'dispatcher', 'planner', 'board'].includes(p.role) ||
				(p.role === 'liaison' && inArea())
			);
		case 'tips':
			// The board learns that the count changed, nothing more (the payload is id and op only).
			return ['admin', 'commander', 'dispatcher', 'board'].includes(p.role);
		case 'patrol_routes':
			return ['admin', 'commander', 'dispatcher', 'planner', 'board'].includes(p.role);
		default:
			return false;
	}
}

type Listener = (ev: ChangeEvent) => void;

/**
 * One LISTEN per server process, fanned out to every open stream. Process-wide by nature, like
 * the connection pool; it holds no request data.
 */
export class LiveHub {
	private readonly listeners = new Set<Listener>();
	private unlisten?: () => Promise<void>;

	constructor(private readonly db: Db) {}

	async start(): Promise<void> {
		this.unlisten = await this.db.listen('changes', (payload) => {
			let ev: ChangeEvent;
			try {
				ev = JSON.parse(payload) as ChangeEvent;
			} catch {
				return;
			}
			if (typeof ev.eventId !== 'number') return;
			for (const l of this.listeners) l(ev);
		});
	}

	async stop(): Promise<void> {
		await this.unlisten?.();
		this.listeners.clear();
	}

	subscribe(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	get size(): number {
		return this.listeners.size;
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
