import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { firstIssue, zodErrors } from '$lib/domain/api-text';
import { parseQuery } from '$lib/domain/params';
import { PATROL_WRITERS, patrolIdParam } from '$lib/domain/patrol-plans';
import { readJson } from '../body';
import type { Queryable } from '../db/port';
import { badParse, errorResponse, refusal, refusalOrThrow } from '../http';
import { asCaller } from '../read';

/**
 * What every patrol endpoint does around its service call: the path id and query parsed with the
 * endpoint's schemas (PATROL_ENDPOINTS in $lib/domain/patrol-plans), writers checked by role
 * (the database checks role and zone again), the call made as the caller in one transaction, and
 * the database's refusals answered in the caller's language.
 */

type Event = Pick<RequestEvent, 'locals' | 'params' | 'url' | 'request'>;

/** Maximum body of a plan or route save, bytes (500 items of up to 10,000 vertices are far less). */
export const PATROL_BODY_MAX = 2 * 1024 * 1024;

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** The `{id}` of the path, or its 400. */
export function pathId(event: Event, name = 'id'): Parsed<string> {
	const lang = event.locals.lang ?? 'vi';
	const res = patrolIdParam.safeParse(
		event.params[name as keyof typeof event.params],
		zodErrors(lang)
	);
	if (res.success) return { ok: true, value: res.data };
	return {
		ok: false,
		response: errorResponse(400, `${name}: ${firstIssue(lang, res.error).message}`, name)
	};
}

/** The query string parsed with `schema`, or its 400. */
export function queryOf<T>(event: Event, schema: z.ZodType<T>): Parsed<T> {
	const res = parseQuery(schema, event.url.searchParams, event.locals.lang ?? 'vi');
	return res.ok ? { ok: true, value: res.value } : { ok: false, response: badParse(res) };
}

/** The JSON body parsed with `schema`, or its 4xx. */
export function bodyOf<T>(event: Event, schema: z.ZodType<T>, max = PATROL_BODY_MAX) {
	return readJson(event, schema, max, event.locals.lang ?? 'vi');
}

/** 403 unless the caller's role writes patrol plans. */
export function writerOr403(event: Event): Response | undefined {
	const role = event.locals.principal?.role;
	if (role && (PATROL_WRITERS as readonly string[]).includes(role)) return undefined;
	return refusal(event.locals.lang ?? 'vi', 403, 'patrolWriters');
}

/** Runs `fn` as the caller; a refusal (ours or the database's) becomes its answer. */
export async function asPatrolCaller(
	event: Event,
	fn: (q: Queryable) => Promise<Response>
): Promise<Response> {
	try {
		return await asCaller(event.locals, fn);
	} catch (err) {
		return refusalOrThrow(err, event.locals.lang ?? 'vi');
	}
}

/** JSON, never cached (plans and analyses change with every save). */
export const fresh = (body: unknown, status = 200): Response =>
	json(body, { status, headers: { 'cache-control': 'no-store' } });

/** GET handler of one analysis of a plan: `{id}` and the query parsed, `fn` run as the caller. */
export function planAnalysis<Q>(
	schema: z.ZodType<Q>,
	fn: (q: Queryable, planId: string, query: Q) => Promise<unknown>
) {
	return async (event: Event): Promise<Response> => {
		const id = pathId(event);
		if (!id.ok) return id.response;
		const query = queryOf(event, schema);
		if (!query.ok) return query.response;
		return asPatrolCaller(event, async (q) => fresh(await fn(q, id.value, query.value)));
	};
}
