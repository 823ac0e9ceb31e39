import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import {
	asPatrolCaller,
	bodyOf,
	fresh,
	queryOf,
	writerOr403
} from '$lib/server/patrols/patrol-http';
import { createPlan, listPlans } from '$lib/server/patrols/plans.service';
import { resolveZone } from '$lib/server/layers/zones.query';
import { refusal } from '$lib/server/http';
import { zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

/** The plans of a zone the caller may read, newest change first. */
export const GET: RequestHandler = async (event) => {
	const query = queryOf(event, E['GET /api/patrol-plans'].query);
	if (!query.ok) return query.response;
	return asPatrolCaller(event, async (q) => {
		const zone = await zoneOr404(q, query.value.zone, event.locals.lang ?? 'vi');
		return fresh({ plans: await listPlans(q, zone.id) });
	});
};

/** A new plan (version 1) in `zoneId` (default: the caller's first zone). */
export const POST: RequestHandler = async (event) => {
	const denied = writerOr403(event);
	if (denied) return denied;
	const body = await bodyOf(event, E['POST /api/patrol-plans'].body);
	if (!body.ok) return body.response;
	return asPatrolCaller(event, async (q) => {
		const zoneId = body.value.zoneId ?? (await resolveZone(q, undefined))?.id;
		if (!zoneId) return refusal(event.locals.lang ?? 'vi', 404, 'noZoneInScope');
		return fresh(await createPlan(q, zoneId, body.value), 201);
	});
};
