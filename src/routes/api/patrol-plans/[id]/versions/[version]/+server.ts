import { firstIssue, zodErrors } from '$lib/domain/api-text';
import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { errorResponse, notFound } from '$lib/server/http';
import { asPatrolCaller, fresh, pathId } from '$lib/server/patrols/patrol-http';
import { planVersion } from '$lib/server/patrols/plans.service';
import type { RequestHandler } from './$types';

/** The plan as version `{version}` saved it (for the diff on the map and restoring). */
export const GET: RequestHandler = async (event) => {
	const lang = event.locals.lang ?? 'vi';
	const id = pathId(event);
	if (!id.ok) return id.response;
	const v = E['GET /api/patrol-plans/{id}/versions/{version}'].params.safeParse(
		event.params.version,
		zodErrors(lang)
	);
	if (!v.success)
		return errorResponse(400, `version: ${firstIssue(lang, v.error).message}`, 'version');
	return asPatrolCaller(event, async (q) => {
		const plan = await planVersion(q, id.value, v.data);
		return plan
			? fresh({ version: v.data, plan })
			: notFound(lang, 'versionNotFound', { version: v.data });
	});
};
