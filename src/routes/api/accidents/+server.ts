import { accidentsQuery, parseQuery } from '$lib/domain/params';
import { accidentsGeoJSON } from '$lib/server/accidents/accidents.query';
import { badParse, badRequest, geojsonText } from '$lib/server/http';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(accidentsQuery, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	const { from, to, zone } = parsed.value;
	if (from && to && from >= to) return badRequest(locals.lang, 'to', 'afterFrom');
	const body = await asCaller(locals, async (q) =>
		accidentsGeoJSON(q, { zoneId: (await zoneOr404(q, zone, locals.lang)).id, from, to })
	);
	return geojsonText(body);
};
