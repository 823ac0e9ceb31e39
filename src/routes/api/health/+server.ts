import { json } from '@sveltejs/kit';
import { checkDatabase } from '$lib/server/db/health';
import { DatabaseUnavailableError, getDatabase } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

const NO_STORE = { 'cache-control': 'no-store' };

/** 503 with the reason, also as `error`: the API's one error shape keeps it (apiErrorShape). */
const down = (reason: string) =>
	json({ ok: false, reason, error: reason }, { status: 503, headers: NO_STORE });

/**
 * The server's health as the background check last saw it (HealthMonitor): answered without
 * touching the database, so it never waits behind user queries; 503 with a reason when the
 * database failed or stopped answering. Without a monitor (tools, tests) it asks the database.
 */
export const GET: RequestHandler = async () => {
	try {
		const { db, health } = getDatabase();
		const report = health ? health.report() : await checkDatabase(db);
		return report.ok ? json(report, { headers: NO_STORE }) : down(report.reason);
	} catch (err) {
		if (!(err instanceof DatabaseUnavailableError)) throw err;
		return down(err.message);
	}
};
