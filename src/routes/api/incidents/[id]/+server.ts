import { json } from '@sveltejs/kit';
import { incidentPatch } from '$lib/domain/incident-input';
import { readJson } from '$lib/server/body';
import { badRequest, dbRefusal, notFound } from '$lib/server/http';
import { getIncident, InputError, patchIncident } from '$lib/server/incidents/incidents.service';
import { asCaller, refuseIncidentRows } from '$lib/server/read';
import type { RequestHandler } from './$types';

function idOf(raw: string): number | undefined {
	return /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : undefined;
}

/** One incident; its description and personal fields only for roles allowed to see them. */
export const GET: RequestHandler = async ({ params, locals }) => {
	refuseIncidentRows(locals);
	const id = idOf(params.id);
	if (id === undefined) return badRequest('id', 'id: must be a positive whole number');
	const found = await asCaller(locals, (q) => getIncident(q, id));
	return found
		? json(found, { headers: { 'cache-control': 'no-store' } })
		: notFound(`incident ${id} not found`);
};

/** Edits an incident and moves it along its status workflow. */
export const PATCH: RequestHandler = async (event) => {
	const id = idOf(event.params.id);
	if (id === undefined) return badRequest('id', 'id: must be a positive whole number');
	const body = await readJson(event, incidentPatch, 64 * 1024);
	if (!body.ok) return body.response;
	try {
		const updated = await asCaller(event.locals, (q) => patchIncident(q, id, body.value));
		return updated ? json(updated) : notFound(`incident ${id} not found`);
	} catch (err) {
		if (err instanceof InputError)
			return json({ error: err.message, field: err.field }, { status: err.status });
		return dbRefusal(err);
	}
};
