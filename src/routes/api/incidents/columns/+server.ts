import { incidentColumns } from '$lib/domain/contracts/incidents';
import { INCIDENT_COLUMNS_MEDIA_TYPE } from '$lib/domain/incident-wire';
import { endpoint, withHeaders } from '$lib/server/endpoint';
import { readIncidents } from '$lib/server/incidents/incident-read.route';
import {
	incidentColumns as columnsOf,
	incidentColumnsFrame
} from '$lib/server/incidents/incidents.query';

const DEFAULT_LIMIT = 50_000;

/**
 * Same parameters as /api/incidents; the answer is the incidents as columns. The map asks for
 * the binary frame (`Accept: application/vnd.anninh.incident-columns`, see incident-wire.ts);
 * everyone else gets the same columns as JSON.
 */
export const GET = endpoint(incidentColumns, async ({ query, locals, event }) => {
	const headers = { 'cache-control': 'no-store', vary: 'Accept' };
	if ((event.request.headers.get('accept') ?? '').includes(INCIDENT_COLUMNS_MEDIA_TYPE)) {
		const frame = await readIncidents(locals, query, DEFAULT_LIMIT, incidentColumnsFrame);
		return new Response(frame, {
			headers: { ...headers, 'content-type': INCIDENT_COLUMNS_MEDIA_TYPE }
		});
	}
	return withHeaders(await readIncidents(locals, query, DEFAULT_LIMIT, columnsOf), headers);
});
