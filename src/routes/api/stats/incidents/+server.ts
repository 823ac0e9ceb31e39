import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { instantParam, parseQuery, zoneCodeParam } from '$lib/domain/params';
import { incidentStats } from '$lib/server/aggregates/incident-stats.query';
import { badParse, badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

const Query = z
	.object({
		from: instantParam.optional(),
		to: instantParam.optional(),
		zone: zoneCodeParam.optional()
	})
	.strict();

/**
 * Counts of incidents by category and administrative unit: what the steering board sees instead
 * of incident rows (computed by app.incident_counts, which checks the caller's scope and applies
 * the disclosure rule: whole days and no count below 3 for aggregate-only roles).
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(Query, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	const to = parsed.value.to ?? new Date();
	const from = parsed.value.from ?? new Date(to.getTime() - 30 * 86_400_000);
	if (from >= to) return badRequest(locals.lang, 'to', 'afterFrom');
	try {
		const counts = await asCaller(locals, async (q) => {
			const zone = await zoneOr404(q, parsed.value.zone, locals.lang);
			return incidentStats(q, zone.id, from, to);
		});
		return json(
			{ from: from.toISOString(), to: to.toISOString(), ...counts },
			{ headers: { 'cache-control': 'no-store' } }
		);
	} catch (err) {
		return refusalOrThrow(err, locals.lang);
	}
};
