/**
 * One GET handler shape for the board's analytics endpoints: the query is parsed by the
 * endpoint's contract (src/lib/domain/contracts/analytics.ts: 400 naming the parameter), the
 * zone resolved as the caller (404 when out of scope), the SQL function run as the caller (its
 * 42501 — wrong role or zone — is a 403, its own 22023 refusals a 400, both answered by
 * endpoint()) and the JSON it built sent as the answer.
 */
import type { Queryable } from '../db/port';
import { asCaller, zoneOr404 } from '../read';

/**
 * The handler of an analytics endpoint, for `endpoint(contract, inZone(run))`: `run` gets the
 * caller's connection, the id of the zone asked for and the parsed query.
 */
export const inZone =
	<Q extends { zone?: string }, R>(run: (q: Queryable, zoneId: string, query: Q) => Promise<R>) =>
	({ query, locals }: { query: Q; locals: App.Locals }): Promise<R> =>
		asCaller(locals, async (q) => run(q, (await zoneOr404(q, query.zone)).id, query));

const DAY_MS = 86_400_000;

/** `to` (default now) and `from` (default `days` before `to`). */
export function windowOr(v: { from?: Date; to?: Date }, days: number): { from: Date; to: Date } {
	const to = v.to ?? new Date();
	return { to, from: v.from ?? new Date(to.getTime() - days * DAY_MS) };
}
