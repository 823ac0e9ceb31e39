import { msg } from '$lib/domain/api-text';
import { getIncident, patchIncident } from '$lib/domain/contracts/incidents';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import {
	getIncident as incidentOf,
	patchIncident as patch
} from '$lib/server/incidents/incidents.service';
import { asCaller, refuseIncidentRows } from '$lib/server/read';

const notFound = (id: number) => refuse(404, undefined, msg('incidentNotFound', { id }));

/** One incident; its description and personal fields only for roles allowed to see them. */
export const GET = endpoint(getIncident, async ({ params: { id }, locals }) => {
	refuseIncidentRows(locals);
	return (await asCaller(locals, (q) => incidentOf(q, id))) ?? notFound(id);
});

/** Edits an incident and moves it along its status workflow. */
export const PATCH = endpoint(patchIncident, async ({ params: { id }, body, locals }) => {
	return (await asCaller(locals, (q) => patch(q, id, body))) ?? notFound(id);
});
