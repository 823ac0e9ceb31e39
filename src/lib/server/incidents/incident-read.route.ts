import { msg } from '$lib/domain/api-text';
import type { Parsed } from '$lib/domain/contract';
import type { listIncidents } from '$lib/domain/contracts/incidents';
import type { Queryable } from '../db/port';
import { refuse } from '../http';
import { asCaller, refuseIncidentRows, zoneOr404, type CallerLocals } from '../read';
import type { IncidentFilter } from './incidents.query';

/** The query of the incident row endpoints (their contracts share it). */
export type IncidentsQuery = Parsed<(typeof listIncidents)['query']>;

/**
 * The shared front half of the incident read endpoints: refuse aggregate-only roles, check the
 * window, resolve the zone, then run `read` as the caller.
 */
export async function readIncidents<T>(
	locals: CallerLocals,
	query: IncidentsQuery,
	defaultLimit: number,
	read: (q: Queryable, f: IncidentFilter) => Promise<T>
): Promise<T> {
	refuseIncidentRows(locals);
	const { bbox, from, to, category, zone, limit = defaultLimit } = query;
	if (from && to && from >= to) refuse(400, 'to', msg('afterFrom'));
	return asCaller(locals, async (q) =>
		read(q, { zoneId: (await zoneOr404(q, zone)).id, bbox, from, to, categories: category, limit })
	);
}
