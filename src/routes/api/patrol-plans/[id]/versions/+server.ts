import { asPatrolCaller, fresh, pathId } from '$lib/server/patrols/patrol-http';
import { planHistory } from '$lib/server/patrols/plans.service';
import type { RequestHandler } from './$types';

/** Who saved each version and when, newest first. */
export const GET: RequestHandler = async (event) => {
	const id = pathId(event);
	if (!id.ok) return id.response;
	return asPatrolCaller(event, async (q) => fresh({ versions: await planHistory(q, id.value) }));
};
