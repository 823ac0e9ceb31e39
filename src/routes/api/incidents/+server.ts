import { createIncident, listIncidents } from '$lib/domain/contracts/incidents';
import { endpoint, withHeaders } from '$lib/server/endpoint';
import { readIncidents } from '$lib/server/incidents/incident-read.route';
import { incidentsGeoJSON } from '$lib/server/incidents/incidents.query';
import { createIncident as create } from '$lib/server/incidents/incidents.service';
import { asCaller, zoneOr404 } from '$lib/server/read';

const DEFAULT_LIMIT = 10_000;

export const GET = endpoint(listIncidents, async ({ query, locals }) => {
	const res = await readIncidents(locals, query, DEFAULT_LIMIT, incidentsGeoJSON);
	return withHeaders(res.body, {
		'x-result-count': String(res.count),
		'x-result-truncated': String(res.truncated)
	});
});

/** Creates an incident: dispatchers and admins anywhere in their zones, liaisons in their units. */
export const POST = endpoint(createIncident, async ({ body, locals }) => {
	const principal = locals.principal;
	const feature = await asCaller(locals, async (q) =>
		create(q, await zoneOr404(q, body.zone), principal?.kind === 'user' ? principal.id : null, body)
	);
	return withHeaders(feature, { location: `/api/incidents/${feature.id}` });
});
