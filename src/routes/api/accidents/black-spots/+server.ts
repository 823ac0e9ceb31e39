import { blackSpotsQuery, parseQuery } from '$lib/domain/params';
import { blackSpotsGeoJSON } from '$lib/server/accidents/accidents.query';
import { badParse, geojsonText } from '$lib/server/http';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

/** Black spots of the 12 months before `to` (default: now), sections of `section` metres. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(blackSpotsQuery, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	const { to = new Date(), section = 1000, zone } = parsed.value;
	const body = await asCaller(locals, async (q) =>
		blackSpotsGeoJSON(q, {
			zoneId: (await zoneOr404(q, zone, locals.lang)).id,
			until: to,
			sectionM: section
		})
	);
	return geojsonText(body);
};
