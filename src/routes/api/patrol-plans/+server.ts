import { msg } from '$lib/domain/api-text';
import { createPatrolPlan, listPatrolPlans } from '$lib/domain/contracts/patrols';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { resolveZone } from '$lib/server/layers/zones.query';
import { requireWriter } from '$lib/server/patrols/patrol-http';
import { createPlan, listPlans } from '$lib/server/patrols/plans.service';
import { asCaller, zoneOr404 } from '$lib/server/read';

/** The plans of a zone the caller may read, newest change first. */
export const GET = endpoint(listPatrolPlans, ({ query, locals }) =>
	asCaller(locals, async (q) => ({
		plans: await listPlans(q, (await zoneOr404(q, query.zone)).id)
	}))
);

/** A new plan (version 1) in `zoneId` (default: the caller's first zone). */
export const POST = endpoint(createPatrolPlan, ({ body, locals }) => {
	requireWriter(locals);
	return asCaller(locals, async (q) => {
		const zoneId = body.zoneId ?? (await resolveZone(q, undefined))?.id;
		if (!zoneId) refuse(404, undefined, msg('noZoneInScope'));
		return createPlan(q, zoneId, body);
	});
});
