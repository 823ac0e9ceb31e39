/**
 * One GET handler shape for the board's analytics endpoints: parse the query with the endpoint's
 * zod schema (400 naming the parameter), resolve the zone as the caller (404 when out of scope),
 * run the SQL function as the caller (42501: wrong role or zone → 403; its own 22023 refusals →
 * 400) and send the JSON it built. The handlers stay thin: what they take and answer lives in
 * src/lib/domain/analytics.ts.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import type { z } from 'zod';
import { ANALYTICS_ENDPOINTS, type AnalyticsEndpoint } from '$lib/domain/analytics';
import { parseQuery } from '$lib/domain/params';
import type { Queryable } from '../db/port';
import { badParse, refusalOrThrow } from '../http';
import { asCaller, langOf, zoneOr404 } from '../read';

type QueryOf<E extends AnalyticsEndpoint> = z.output<(typeof ANALYTICS_ENDPOINTS)[E]['query']>;

export function analyticsGet<E extends AnalyticsEndpoint>(
	endpoint: E,
	run: (q: Queryable, zoneId: string, query: QueryOf<E>) => Promise<unknown>
): RequestHandler {
	const { query } = ANALYTICS_ENDPOINTS[endpoint];
	return async ({ url, locals }) => {
		const lang = langOf(locals);
		const parsed = parseQuery(query as unknown as z.ZodType<QueryOf<E>>, url.searchParams, lang);
		if (!parsed.ok) return badParse(parsed);
		try {
			const answer = await asCaller(locals, async (q) => {
				const zone = await zoneOr404(q, (parsed.value as { zone?: string }).zone, lang);
				return run(q, zone.id, parsed.value);
			});
			const geo = (answer as { type?: string }).type === 'FeatureCollection';
			return json(answer, {
				headers: {
					'cache-control': 'no-store',
					...(geo ? { 'content-type': 'application/geo+json; charset=utf-8' } : {})
				}
			});
		} catch (err) {
			return refusalOrThrow(err, lang);
		}
	};
}

const DAY_MS = 86_400_000;

/** `to` (default now) and `from` (default `days` before `to`). */
export function windowOr(v: { from?: Date; to?: Date }, days: number): { from: Date; to: Date } {
	const to = v.to ?? new Date();
	return { to, from: v.from ?? new Date(to.getTime() - days * DAY_MS) };
}
