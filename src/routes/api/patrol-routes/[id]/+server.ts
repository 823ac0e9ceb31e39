import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { notFound } from '$lib/server/http';
import { asPatrolCaller, bodyOf, pathId, writerOr403 } from '$lib/server/patrols/patrol-http';
import { deleteRoute, patchRoute } from '$lib/server/patrols/routes.service';
import type { RequestHandler } from './$types';

/** Changes a route (a new version of its plan); 404 when the caller cannot see it. */
export const PATCH: RequestHandler = async (event) => {
	const denied = writerOr403(event);
	if (denied) return denied;
	const id = pathId(event);
	if (!id.ok) return id.response;
	const body = await bodyOf(event, E['PATCH /api/patrol-routes/{id}'].body);
	if (!body.ok) return body.response;
	return asPatrolCaller(event, async (q) =>
		(await patchRoute(q, id.value, body.value))
			? new Response(null, { status: 204 })
			: notFound(event.locals.lang ?? 'vi', 'routeNotFound', { id: id.value })
	);
};

/** Removes a route and its stops (its plan too when nothing is left). */
export const DELETE: RequestHandler = async (event) => {
	const denied = writerOr403(event);
	if (denied) return denied;
	const id = pathId(event);
	if (!id.ok) return id.response;
	return asPatrolCaller(event, async (q) =>
		(await deleteRoute(q, id.value))
			? new Response(null, { status: 204 })
			: notFound(event.locals.lang ?? 'vi', 'routeNotFound', { id: id.value })
	);
};
