import { json } from '@sveltejs/kit';
import { parseQuery, zoneOnlyQuery } from '$lib/domain/params';
import { badParse, refusalOrThrow } from '$lib/server/http';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

/** The situation panel: today, 7 days against the 7 before (Poisson z), accidents, inspections. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(zoneOnlyQuery, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	try {
		const body = await asCaller(locals, async (q) => {
			const zone = await zoneOr404(q, parsed.value.zone, locals.lang);
			const [row] = await q.query<{ s: unknown }>(`select app.situation($1) as s`, [zone.id]);
			return row!.s;
		});
		return json(body, { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		return refusalOrThrow(err, locals.lang);
	}
};
