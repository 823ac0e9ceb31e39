import { z } from 'zod';
import { parseQuery } from '$lib/domain/params';
import { badParse, geojsonText } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import { publicZones } from '$lib/server/tips/tips.service';
import type { RequestHandler } from './$types';

const NoParams = z.object({}).strict();

/** The zones' outlines, codes and names (nothing else) for the public tip form's map. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(NoParams, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	// As anon whoever asks: the public form shows what the public may see, no more.
	const body = await asCaller({}, publicZones);
	return geojsonText(body, { 'cache-control': 'public, max-age=300' });
};
