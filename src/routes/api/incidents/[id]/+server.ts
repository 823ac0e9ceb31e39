import { json } from '@sveltejs/kit';
import { incidentPatch } from '$lib/domain/incident-input';
import { readJson } from '$lib/server/body';
import { badRequest, notFound, refusalOrThrow } from '$lib/server/http';
import { getIncident, patchIncident } from '$lib/server/incidents/incidents.service';
import { asCaller, refuseIncidentRows } from '$lib/server/read';
import type { RequestHandler } from './$types';

function idOf(raw: string): number | undefined {
	return /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : undefined;
}

/** One incident; its description and personal fields only for roles allowed to see them. */
export const GET: RequestHandler = async ({ params, locals }) => {
	refuseIncidentRows(locals);
	const id = idOf(params.id);
	if (id === undefined) return badRequest(locals.lang, 'id', 'positiveId');
	const found = await asCaller(locals, (q) => getIncident(q, id));
	return found
		? json(found, { headers: { 'cache-control': 'no-store' } })
		: notFound(locals.lang, 'incidentNotFound', { id });
};

/** Edits an incident and moves it along its status workflow. */
export const PATCH: RequestHandler = async (event) => {
	const id = idOf(event.params.id);
	if (id === undefined) return badRequest(event.locals.lang, 'id', 'positiveId');
	const body = await readJson(event, incidentPatch, 64 * 1024, event.locals.lang);
	if (!body.ok) return body.response;
	try {
		const updated = await asCaller(event.locals, (q) => patchIncident(q, id, body.value));
		return updated ? json(updated) : notFound(event.locals.lang, 'incidentNotFound', { id });
	} catch (err) {
		return refusalOrThrow(err, event.locals.lang);
	}
};
