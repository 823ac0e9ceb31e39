import { INCIDENT_COLUMNS_MEDIA_TYPE } from '$lib/domain/incident-wire';
import { readIncidents } from '$lib/server/incidents/incident-read.route';
import { incidentColumns, incidentColumnsFrame } from '$lib/server/incidents/incidents.query';
import type { RequestHandler } from './$types';

const DEFAULT_LIMIT = 50_000;

/**
 * Same parameters as /api/incidents; the answer is the incidents as columns. The map asks for
 * the binary frame (`Accept: application/vnd.anninh.incident-columns`, see incident-wire.ts);
 * everyone else gets the same columns as JSON.
 */
export const GET: RequestHandler = async ({ url, locals, request }) => {
	const binary = (request.headers.get('accept') ?? '').includes(INCIDENT_COLUMNS_MEDIA_TYPE);
	const headers = { 'cache-control': 'no-store', vary: 'Accept' };
	if (binary) {
		const read = await readIncidents(url, locals, DEFAULT_LIMIT, incidentColumnsFrame);
		if (!read.ok) return read.response;
		return new Response(read.value, {
			headers: { ...headers, 'content-type': INCIDENT_COLUMNS_MEDIA_TYPE }
		});
	}
	const read = await readIncidents(url, locals, DEFAULT_LIMIT, incidentColumns);
	if (!read.ok) return read.response;
	return new Response(JSON.stringify(read.value), {
		headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }
	});
};
