import { hexbinQuery, parseQuery } from '$lib/domain/params';
import { badParse, badRequest, geojsonText, refusalOrThrow } from '$lib/server/http';
import { hexbinsGeoJSON } from '$lib/server/incidents/hexbins.query';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

const DAY_MS = 86_400_000;

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(hexbinQuery, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	const { category, status, zone, size = 250 } = parsed.value;
	const to = parsed.value.to ?? new Date();
	const from = parsed.value.from ?? new Date(to.getTime() - 30 * DAY_MS);
	if (from >= to) return badRequest(locals.lang, 'to', 'afterFrom');
	try {
		const body = await asCaller(locals, async (q) =>
			hexbinsGeoJSON(q, {
				zoneId: (await zoneOr404(q, zone, locals.lang)).id,
				from,
				to,
				categories: category,
				statuses: status,
				sizeM: size
			})
		);
		return geojsonText(body);
	} catch (err) {
		return refusalOrThrow(err, locals.lang);
	}
};
