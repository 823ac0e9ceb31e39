import { json } from '@sveltejs/kit';
import { DatabaseUnavailableError, getDatabase } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	try {
		const { db } = getDatabase();
		const [row] = await db.query<{ postgis: string }>('select postgis_lib_version() as postgis');
		return json(
			{ ok: true, engine: db.engine, postgis: row!.postgis },
			{ headers: { 'cache-control': 'no-store' } }
		);
	} catch (err) {
		const reason =
			err instanceof DatabaseUnavailableError
				? err.message
				: `database query failed: ${err instanceof Error ? err.message : String(err)}`;
		return json({ ok: false, reason }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
