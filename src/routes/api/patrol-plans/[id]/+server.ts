import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { notFound } from '$lib/server/http';
import {
	asPatrolCaller,
	bodyOf,
	fresh,
	pathId,
	queryOf,
	writerOr403
} from '$lib/server/patrols/patrol-http';
import { deletePlan, getPlan, updatePlan } from '$lib/server/patrols/plans.service';
import type { RequestHandler } from './$types';

/** One plan with its items and shifts. */
export const GET: RequestHandler = async (event) => {
	const id = pathId(event);
	if (!id.ok) return id.response;
	return asPatrolCaller(event, async (q) => {
		const plan = await getPlan(q, id.value);
		return plan
			? fresh(plan)
			: notFound(event.locals.lang ?? 'vi', 'planNotFound', { id: id.value });
	});
};

/** Saves the whole plan as a new version, made from `version` (409 when another save came first). */
export const PUT: RequestHandler = async (event) => {
	const denied = writerOr403(event);
	if (denied) return denied;
	const id = pathId(event);
	if (!id.ok) return id.response;
	const body = await bodyOf(event, E['PUT /api/patrol-plans/{id}'].body);
	if (!body.ok) return body.response;
	return asPatrolCaller(event, async (q) => fresh(await updatePlan(q, id.value, body.value)));
};

/** Deletes a plan, made from `?version=` (409 when another save came first). */
export const DELETE: RequestHandler = async (event) => {
	const denied = writerOr403(event);
	if (denied) return denied;
	const id = pathId(event);
	if (!id.ok) return id.response;
	const query = queryOf(event, E['DELETE /api/patrol-plans/{id}'].query);
	if (!query.ok) return query.response;
	return asPatrolCaller(event, async (q) => {
		await deletePlan(q, id.value, query.value.version);
		return new Response(null, { status: 204 });
	});
};
