import { json } from '@sveltejs/kit';
import { incidentCreate } from '$lib/domain/incident-input';
import { incidentsQuery, parseQuery } from '$lib/domain/params';
import { readJson } from '$lib/server/body';
import { badRequest, dbRefusal, geojsonText } from '$lib/server/http';
import { incidentsGeoJSON } from '$lib/server/incidents/incidents.query';
import { createIncident, InputError } from '$lib/server/incidents/incidents.service';
import { asCaller, refuseIncidentRows, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

const DEFAULT_LIMIT = 10_000;

export const GET: RequestHandler = async ({ url, locals }) => {
	refuseIncidentRows(locals);
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

/** Creates an incident: dispatchers and admins anywhere in their zones, liaisons in their units. */
export const POST: RequestHandler = async (event) => {
	const body = await readJson(event, incidentCreate, 64 * 1024);
	if (!body.ok) return body.response;
	const principal = event.locals.principal;
	try {
		const feature = await asCaller(event.locals, async (q) =>
			createIncident(
				q,
				await zoneOr404(q, body.value.zone),
				principal?.kind === 'user' ? principal.id : null,
				body.value
			)
		);
		return json(feature, { status: 201, headers: { location: `/api/incidents/${feature.id}` } });
	} catch (err) {
		if (err instanceof InputError)
			return json({ error: err.message, field: err.field }, { status: err.status });
		return dbRefusal(err);
	}
};
