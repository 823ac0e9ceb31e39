import { msg } from '$lib/domain/api-text';
import { patrolPlanVersion } from '$lib/domain/contracts/patrols';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { planVersion } from '$lib/server/patrols/plans.service';
import { asCaller } from '$lib/server/read';

/** The plan as version `{version}` saved it (for the diff on the map and restoring). */
export const GET = endpoint(patrolPlanVersion, ({ params, locals }) =>
	asCaller(locals, async (q) => {
		const plan = await planVersion(q, params.id, params.version);
		if (!plan) refuse(404, undefined, msg('versionNotFound', { version: params.version }));
		return { version: params.version, plan };
	})
);
