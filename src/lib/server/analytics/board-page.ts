/**
 * The board pages' loads and downloads: query parameters validated with zod (a bad one is a 400
 * page naming it), a caller whose role may not read aggregates refused at once (403, from their
 * capabilities), the zone resolved as the caller (404), the database's refusals as error pages.
 */
import { error } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { apiText } from '$lib/domain/api-text';
import type { Schema } from '$lib/domain/contract';
import { may } from '$lib/domain/permissions';
import { todayInVietnam } from '$lib/domain/time';
import type { Queryable } from '../db/port';
import { refusalOf, refusalText } from '../http';
import { parseQuery } from '../input';
import { asCaller, langOf, zoneOr404, type CallerLocals } from '../read';
import { monthDay } from './board';

/** The first day of the last whole Vietnam month. */
export const lastMonthDay = () => monthDay(todayInVietnam(), -1);

/** A refusal thrown while loading a page, as its error page (403 in plain words). */
function asErrorPage(err: unknown, locals: CallerLocals): never {
	const lang = langOf(locals);
	const r = refusalOf(err);
	if (!r) throw err;
	error(r.status, {
		message: r.status === 403 ? apiText(lang, 'forbidden') : refusalText(lang, r.body)
	});
}

export function parsePageQuery<S extends Schema>(
	schema: S,
	url: URL,
	locals: CallerLocals
): z.output<S> {
	try {
		return parseQuery(schema, url.searchParams, langOf(locals));
	} catch (err) {
		asErrorPage(err, locals);
	}
}

/** The board's pages show aggregates: a caller without 'aggregates.read' gets a 403 page. */
export function mayReadAggregates(locals: CallerLocals): void {
	const p = locals.principal;
	if (!p || !may(p.capabilities, 'aggregates.read')) {
		error(403, { message: apiText(langOf(locals), 'forbidden') });
	}
}

/**
 * Runs `fn` as the caller in the zone asked for; refusals become error pages. The board pages
 * show aggregates: mayReadAggregates first.
 */
export async function asBoardCaller<T>(
	locals: CallerLocals,
	zoneCode: string | undefined,
	fn: (q: Queryable, zone: { id: string; code: string }) => Promise<T>
): Promise<T> {
	mayReadAggregates(locals);
	try {
		return await asCaller(locals, async (q) => fn(q, await zoneOr404(q, zoneCode)));
	} catch (err) {
		asErrorPage(err, locals);
	}
}
