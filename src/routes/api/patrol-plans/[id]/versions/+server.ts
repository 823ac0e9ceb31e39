import { patrolPlanVersions } from '$lib/domain/contracts/patrols';
import { endpoint } from '$lib/server/endpoint';
import { planHistory } from '$lib/server/patrols/plans.service';
import { asCaller } from '$lib/server/read';

/** Who saved each version and when, newest first. */
export const GET = endpoint(patrolPlanVersions, ({ params, locals }) =>
	asCaller(locals, async (q) => ({ versions: await planHistory(q, params.id) }))
);
