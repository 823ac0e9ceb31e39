import { incidentsQuery, parseQuery } from '$lib/domain/params';
import type { Queryable } from '../db/port';
import { badParse, badRequest } from '../http';
import { asCaller, langOf, refuseIncidentRows, zoneOr404, type CallerLocals } from '../read';
import type { IncidentFilter } from './incidents.query';

/**
 * The shared front half of the incident read endpoints: refuse aggregate-only roles, parse the
 * query string, resolve the zone, then run `query` as the caller. Returns a 400 Response or the
 * query's result.
 */
export async function readIncidents<T>(
	url: URL,
	locals: CallerLocals,
	defaultLimit: number,
	query: (q: Queryable, f: IncidentFilter) => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
	refuseIncidentRows(locals);
	const parsed = parseQuery(incidentsQuery, url.searchParams, langOf(locals));
	if (!parsed.ok) return { ok: false, response: badParse(parsed) };
	const { bbox, from, to, category, zone, limit = defaultLimit } = parsed.value;
	if (from && to && from >= to)
		return { ok: false, response: badRequest(langOf(locals), 'to', 'afterFrom') };
	const value = await asCaller(locals, async (q) =>
		query(q, {
			zoneId: (await zoneOr404(q, zone, langOf(locals))).id,
			bbox,
			from,
			to,
			categories: category,
			limit
		})
	);
	return { ok: true, value };
}
