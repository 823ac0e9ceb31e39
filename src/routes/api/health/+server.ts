import { json } from '@sveltejs/kit';
import { getHealth } from '$lib/domain/contracts/meta';
import { checkDatabase } from '$lib/server/db/health';
import { DatabaseUnavailableError, getDatabase } from '$lib/server/db/instance';
import { endpoint } from '$lib/server/endpoint';

/** 503 with the reason, also as `error`: the API's one error shape keeps it (apiErrorShape). */
const down = (reason: string) =>
	json(
		{ ok: false, reason, error: reason },
		{ status: 503, headers: { 'cache-control': 'no-store' } }
	);

/**
 * The server's health as the background check last saw it (HealthMonitor): answered without
 * touching the database, so it never waits behind user queries; 503 with a reason when the
 * database failed or stopped answering. Without a monitor (tools, tests) it asks the database.
 */
export const GET = endpoint(getHealth, async () => {
	let state;
	try {
		state = getDatabase();
	} catch (err) {
		if (!(err instanceof DatabaseUnavailableError)) throw err;
		return down(err.message);
	}
	const report = state.health ? state.health.report() : await checkDatabase(state.db);
	return report.ok ? report : down(report.reason);
});
