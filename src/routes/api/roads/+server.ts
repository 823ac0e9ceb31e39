import { parseQuery, zoneOnlyQuery } from '$lib/domain/params';
import { badRequest, geojsonText } from '$lib/server/http';
import { roadsGeoJSON } from '$lib/server/layers/zones.query';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(zoneOnlyQuery, url.searchParams);
	if (!parsed.ok) return badRequest(parsed.param, parsed.message);
	const body = await asCaller(locals, async (q) =>
		roadsGeoJSON(q, (await zoneOr404(q, parsed.value.zone)).id)
	);
	return geojsonText(body);
};
