import { msg } from '$lib/domain/api-text';
import { patrolRouteCoverage } from '$lib/domain/contracts/patrols';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { routeCoverage } from '$lib/server/patrols/routes.service';
import { asCaller } from '$lib/server/read';

/** The stable contract: a route's coverage and the incidents inside it for `from`–`to`. */
export const GET = endpoint(patrolRouteCoverage, ({ params, query, locals }) =>
	asCaller(locals, async (q) => {
		const c = await routeCoverage(q, params.id, query.from, query.to);
		return c ?? refuse(404, undefined, msg('routeNotFound', { id: params.id }));
	})
);
