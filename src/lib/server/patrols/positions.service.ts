import type { LiveUnits, PositionBatchResult } from '$lib/domain/patrol-answers';
import type { Db, Queryable } from '../db/port';

/**
 * Positions of patrol units: personal data of officers. Written only by
 * app.ingest_patrol_positions (per-item checks, idempotent on unit and time), read only through
 * functions that write the `read.personal` audit row, kept POSITION_RETENTION_DAYS (default 90).
 */

/** Stores a batch; each refused item comes back with its index and reason. */
export async function ingestPositions(
	q: Queryable,
	zoneId: string,
	items: unknown[]
): Promise<PositionBatchResult> {
	const [row] = await q.query<{ r: PositionBatchResult }>(
		`select app.ingest_patrol_positions($1, $2::jsonb) as r`,
		[zoneId, JSON.stringify(items)]
	);
	return row!.r;
}

/** Units of a zone heard from in the last hour, for the live map (audited). */
export async function livePositions(q: Queryable, zoneId: string): Promise<LiveUnits> {
	const [row] = await q.query<{ fc: LiveUnits }>(
		`select app.read_patrol_positions_live($1) as fc`,
		[zoneId]
	);
	return row!.fc;
}

/** One unit's positions in a window of at most 7 days (audited). */
export function unitTrack(
	q: Queryable,
	zoneId: string,
	unit: string,
	from: Date,
	to: Date
): Promise<{ ts: Date; lon: number; lat: number; accuracy_m: number | null }[]> {
	return q.query(`select ts, lon, lat, accuracy_m from app.read_patrol_track($1, $2, $3, $4)`, [
		zoneId,
		unit,
		from,
		to
	]);
}

/** Deletes positions older than `days`; returns how many. The server's own call (no caller). */
export async function purgePositions(db: Db, days: number): Promise<number> {
	const [row] = await db.query<{ n: string | number }>(
		`select app.purge_patrol_positions($1) as n`,
		[days]
	);
	return Number(row!.n);
}

/** How often the purge runs. */
export const POSITION_PURGE_MS = 6 * 3600_000;

/**
 * Runs the purge now and every 6 hours (as the embedded engine's vacuum in db/open.ts), logging
 * only counts. Returns the function that stops it.
 */
export function startPositionPurge(db: Db, days: number, log: (m: string) => void): () => void {
	let running = false;
	const run = async () => {
		if (running) return;
		running = true;
		try {
			const n = await purgePositions(db, days);
			if (n > 0) log(`maintenance: ${n} patrol positions older than ${days} days deleted`);
		} catch (err) {
			log(
				`maintenance: purging patrol positions failed: ${err instanceof Error ? err.message : err}`
			);
		} finally {
			running = false;
		}
	};
	void run();
	const timer = setInterval(run, POSITION_PURGE_MS);
	timer.unref();
	return () => clearInterval(timer);
}
