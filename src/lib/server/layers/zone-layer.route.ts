import type { RequestHandler } from '@sveltejs/kit';
import { parseQuery, zoneOnlyQuery } from '$lib/domain/params';
import type { Queryable } from '../db/port';
import { badParse, geojsonText } from '../http';
import { asCaller, zoneOr404 } from '../read';

/** GET handler for a map layer of one zone: `?zone=` validated, the query run as the caller. */
export function zoneLayerHandler(
	query: (q: Queryable, zoneId: string) => Promise<string>
): RequestHandler {
	return async ({ url, locals }) => {
		const parsed = parseQuery(zoneOnlyQuery, url.searchParams, locals.lang);
		if (!parsed.ok) return badParse(parsed);
		const body = await asCaller(locals, async (q) =>
			query(q, (await zoneOr404(q, parsed.value.zone, locals.lang)).id)
		);
		return geojsonText(body);
	};
}
