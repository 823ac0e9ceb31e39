import { readIncidents } from '$lib/server/incidents/incident-read.route';
import { incidentColumnsJson } from '$lib/server/incidents/incidents.query';
import type { RequestHandler } from './$types';

const DEFAULT_LIMIT = 50_000;

/** Same parameters as /api/incidents; the answer is columnar JSON for the map. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const read = await readIncidents(url, locals, DEFAULT_LIMIT, incidentColumnsJson);
	if (!read.ok) return read.response;
	return new Response(read.value, {
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});
};
