import { msg } from '$lib/domain/api-text';
import { deletePatrolPlan, getPatrolPlan, savePatrolPlan } from '$lib/domain/contracts/patrols';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { noContent, requireWriter } from '$lib/server/patrols/patrol-http';
import { deletePlan, getPlan, updatePlan } from '$lib/server/patrols/plans.service';
import { asCaller } from '$lib/server/read';

/** One plan with its items and shifts. */
export const GET = endpoint(getPatrolPlan, ({ params, locals }) =>
	asCaller(locals, async (q) => {
		const plan = await getPlan(q, params.id);
		return plan ?? refuse(404, undefined, msg('planNotFound', { id: params.id }));
	})
);

/** Saves the whole plan as a new version, made from `version` (409 when another save came first). */
export const PUT = endpoint(savePatrolPlan, ({ params, body, locals }) => {
	requireWriter(locals);
	return asCaller(locals, (q) => updatePlan(q, params.id, body));
});

/** Deletes a plan, made from `?version=` (409 when another save came first). */
export const DELETE = endpoint(deletePatrolPlan, ({ params, query, locals }) => {
	requireWriter(locals);
	return asCaller(locals, async (q) => {
		await deletePlan(q, params.id, query.version);
		return noContent();
	});
});
