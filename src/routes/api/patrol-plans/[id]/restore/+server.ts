import { restorePatrolPlan } from '$lib/domain/contracts/patrols';
import { endpoint } from '$lib/server/endpoint';
import { requireWriter } from '$lib/server/patrols/patrol-http';
import { restorePlan } from '$lib/server/patrols/plans.service';
import { asCaller } from '$lib/server/read';

/** Makes version `restore` current again, as a new version made from `version`. */
export const POST = endpoint(restorePatrolPlan, ({ params, body, locals }) => {
	requireWriter(locals);
	return asCaller(locals, (q) => restorePlan(q, params.id, body.restore, body.version));
});
