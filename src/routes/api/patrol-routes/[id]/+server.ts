import { msg } from '$lib/domain/api-text';
import { deletePatrolRoute, patchPatrolRoute } from '$lib/domain/contracts/patrols';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { noContent, requireWriter } from '$lib/server/patrols/patrol-http';
import { deleteRoute, patchRoute } from '$lib/server/patrols/routes.service';
import { asCaller } from '$lib/server/read';

/** Changes a route (a new version of its plan); 404 when the caller cannot see it. */
export const PATCH = endpoint(patchPatrolRoute, ({ params, body, locals }) => {
	requireWriter(locals);
	return asCaller(locals, async (q) => {
		if (!(await patchRoute(q, params.id, body)))
			refuse(404, undefined, msg('routeNotFound', { id: params.id }));
		return noContent();
	});
});

/** Removes a route and its stops (its plan too when nothing is left). */
export const DELETE = endpoint(deletePatrolRoute, ({ params, locals }) => {
	requireWriter(locals);
	return asCaller(locals, async (q) => {
		if (!(await deleteRoute(q, params.id)))
			refuse(404, undefined, msg('routeNotFound', { id: params.id }));
		return noContent();
	});
});
