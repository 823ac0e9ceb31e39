import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { notFound } from '$lib/server/http';
import { asPatrolCaller, fresh, pathId, queryOf } from '$lib/server/patrols/patrol-http';
import { routeCoverage } from '$lib/server/patrols/routes.service';
import type { RequestHandler } from './$types';

/** The stable contract: a route's coverage and the incidents inside it for `from`–`to`. */
export const GET: RequestHandler = async (event) => {
	const id = pathId(event);
	if (!id.ok) return id.response;
	const query = queryOf(event, E['GET /api/patrol-routes/{id}/coverage'].query);
	if (!query.ok) return query.response;
	return asPatrolCaller(event, async (q) => {
		const c = await routeCoverage(q, id.value, query.value.from, query.value.to);
		return c ? fresh(c) : notFound(event.locals.lang ?? 'vi', 'routeNotFound', { id: id.value });
	});
};
