import type { Db, EngineName } from './port';

export type HealthReport =
	{ ok: true; engine: EngineName; postgis: string } | { ok: false; reason: string };

export interface HealthOptions {
	/** How often the database is asked (default 2 s). */
	intervalMs?: number;
	/** A database that has not answered for this long is reported down (default 10 s). */
	staleMs?: number;
}

/** Asks the database once: usable, with its PostGIS, or why not. */
export async function checkDatabase(db: Db): Promise<HealthReport> {
	try {
		const [row] = await db.query<{ postgis: string }>('select postgis_lib_version() as postgis');
		return { ok: true, engine: db.engine, postgis: row!.postgis };
	} catch (err) {
		return {
			ok: false,
			reason: `database query failed: ${err instanceof Error ? err.message : String(err)}`
		};
	}
}

/**
 * What /api/health reports, from a check the server runs in the background (issue 9 §9): a health
 * request never waits for the database, so it never queues behind user queries (PGlite runs one
 * statement at a time). It stays honest: a failed check, or none answered within `staleMs` (a
 * database that hangs, or so overloaded that a trivial query waits that long), reports 503.
 */
export class HealthMonitor {
	private last?: { at: number; report: HealthReport };
	private checking = false;
	private timer?: ReturnType<typeof setInterval>;
	private readonly started = Date.now();

	constructor(
		private readonly db: Db,
		private readonly options: HealthOptions = {}
	) {}

	/** Checks now (start-up waits for it), then every intervalMs. */
	async start(): Promise<void> {
		await this.check();
		this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? 2000);
		this.timer.unref?.();
	}

	stop(): void {
		clearInterval(this.timer);
	}

	async check(): Promise<void> {
		if (this.checking) return;
		this.checking = true;
		try {
			const report = await checkDatabase(this.db);
			this.last = { at: Date.now(), report };
		} finally {
			this.checking = false;
		}
	}

	report(now = Date.now()): HealthReport {
		const staleMs = this.options.staleMs ?? 10_000;
		const since = now - (this.last?.at ?? this.started);
		if (since > staleMs) {
			return {
				ok: false,
				reason: `the database has not answered for ${Math.round(since / 1000)} s`
			};
		}
		return this.last?.report ?? { ok: false, reason: 'the database is still starting' };
	}
}
