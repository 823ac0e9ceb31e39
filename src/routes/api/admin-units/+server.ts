import { adminUnitsQuery, parseQuery } from '$lib/domain/params';
import { todayInVietnam } from '$lib/domain/time';
import { badParse, geojsonText } from '$lib/server/http';
import { adminUnitsGeoJSON } from '$lib/server/layers/zones.query';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(adminUnitsQuery, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	const { at = todayInVietnam(), zone } = parsed.value;
	const body = await asCaller(locals, async (q) =>
		adminUnitsGeoJSON(q, (await zoneOr404(q, zone, locals.lang)).id, at)
	);
	return geojsonText(body);
};
