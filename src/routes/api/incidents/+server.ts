import { incidentsQuery, parseQuery } from '$lib/domain/params';
import { badRequest, geojsonText } from '$lib/server/http';
import { incidentsGeoJSON } from '$lib/server/incidents/incidents.query';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

const DEFAULT_LIMIT = 10_000;

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(incidentsQuery, url.searchParams);
	if (!parsed.ok) return badRequest(parsed.param, parsed.message);
	const { bbox, from, to, category, zone, limit = DEFAULT_LIMIT } = parsed.value;
	if (from && to && from >= to) return badRequest('to', 'to: must be later than from');
	const res = await asCaller(locals, async (q) =>
		incidentsGeoJSON(q, {
			zoneId: (await zoneOr404(q, zone)).id,
			bbox,
			from,
			to,
			categories: category,
			limit
		})
	);
	return geojsonText(res.body, {
		'x-result-count': String(res.count),
		'x-result-truncated': String(res.truncated)
	});
};
