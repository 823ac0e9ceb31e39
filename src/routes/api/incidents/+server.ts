import { json } from '@sveltejs/kit';
import { incidentCreate } from '$lib/domain/incident-input';
import { readJson } from '$lib/server/body';
import { dbRefusal, geojsonText } from '$lib/server/http';
import { readIncidents } from '$lib/server/incidents/incident-read.route';
import { incidentsGeoJSON } from '$lib/server/incidents/incidents.query';
import { createIncident, InputError } from '$lib/server/incidents/incidents.service';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

const DEFAULT_LIMIT = 10_000;

export const GET: RequestHandler = async ({ url, locals }) => {
	const read = await readIncidents(url, locals, DEFAULT_LIMIT, incidentsGeoJSON);
	if (!read.ok) return read.response;
	const res = read.value;
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
			return json(
				{ error: err.message, field: err.field, ...(err.code ? { code: err.code } : {}) },
				{ status: err.status }
			);
		return dbRefusal(err);
	}
};
