import { noParams, parseQuery } from '$lib/domain/params';
import { badParse, geojsonText } from '$lib/server/http';
import { zonesGeoJSON } from '$lib/server/layers/zones.query';
import { asCaller } from '$lib/server/read';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(noParams, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	return geojsonText(await asCaller(locals, (q) => zonesGeoJSON(q)));
};
