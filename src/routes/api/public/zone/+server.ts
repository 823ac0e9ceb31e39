import { noParams, parseQuery } from '$lib/domain/params';
import { badParse, geojsonText } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { publicZones } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

/** The zones' outlines, codes and names (nothing else) for the public tip form's map. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(noParams, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	// As anon whoever asks: the public form shows what the public may see, no more.
	const body = await asCaller({}, publicZones);
	return geojsonText(body, { 'cache-control': 'public, max-age=300' });
};
