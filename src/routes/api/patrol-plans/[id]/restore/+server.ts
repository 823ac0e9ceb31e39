import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import {
	asPatrolCaller,
	bodyOf,
	fresh,
	pathId,
	writerOr403
} from '$lib/server/patrols/patrol-http';
import { restorePlan } from '$lib/server/patrols/plans.service';
import type { RequestHandler } from './$types';

/** Makes version `restore` current again, as a new version made from `version`. */
export const POST: RequestHandler = async (event) => {
	const denied = writerOr403(event);
	if (denied) return denied;
	const id = pathId(event);
	if (!id.ok) return id.response;
	const body = await bodyOf(event, E['POST /api/patrol-plans/{id}/restore'].body, 1024);
	if (!body.ok) return body.response;
	return asPatrolCaller(event, async (q) =>
		fresh(await restorePlan(q, id.value, body.value.restore, body.value.version))
	);
};
