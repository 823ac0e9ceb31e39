import { incidentsQuery, parseQuery } from '$lib/domain/params';
import { badRequest } from '$lib/server/http';
import { incidentColumnsJson } from '$lib/server/incidents/incidents.query';
import { asCaller, refuseIncidentRows, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

const DEFAULT_LIMIT = 50_000;

/** Same parameters as /api/incidents; the answer is columnar JSON for the map. */
export const GET: RequestHandler = async ({ url, locals }) => {
	refuseIncidentRows(locals);
	const parsed = parseQuery(incidentsQuery, url.searchParams);
	if (!parsed.ok) return badRequest(parsed.param, parsed.message);
	const { bbox, from, to, category, zone, limit = DEFAULT_LIMIT } = parsed.value;
	if (from && to && from >= to) return badRequest('to', 'to: must be later than from');
	const cols = await asCaller(locals, async (q) =>
		incidentColumnsJson(q, {
			zoneId: (await zoneOr404(q, zone)).id,
			bbox,
			from,
			to,
			categories: category,
			limit
		})
	);
	return new Response(cols, {
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});
};
