import type { Contract } from '$lib/domain/contract';
import { msg } from '$lib/domain/api-text';
import { may } from '$lib/domain/permissions';
import type { Queryable } from '../db/port';
import { endpoint, type Input, type Reply } from '../endpoint';
import { refuse } from '../http';
import { asCaller } from '../read';

/**
 * What the patrol endpoints share around their service calls: writers checked by permission
 * (the database checks zone and reach again), and the analyses' one shape.
 */

/** 403 unless the caller may write patrol plans. */
export function requireWriter(locals: App.Locals): void {
	if (!may(locals.principal?.capabilities, 'patrol_plans.write'))
		refuse(403, undefined, msg('patrolWriters'));
}

/** 204: done, nothing to answer. */
export const noContent = () => new Response(null, { status: 204 });

type Analysis = Contract & { params: object; query: object };

/** GET handler of one analysis of a plan: `{id}` and the query parsed, `fn` run as the caller. */
export function planAnalysis<C extends Analysis>(
	contract: C,
	fn: (q: Queryable, planId: string, query: Input<C>['query']) => Promise<Reply<C>>
) {
	return endpoint(contract, ({ params, query, locals }) =>
		asCaller(locals, (q) => fn(q, (params as { id: string }).id, query))
	);
}
