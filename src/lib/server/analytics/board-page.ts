/**
 * The board pages' loads: query parameters validated with zod (a bad one is a 400 page naming
 * it), the zone resolved as the caller (404), the database's refusals as error pages (403 for a
 * role without aggregate access).
 */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { UNIT_MODES } from '$lib/domain/analytics';
import { apiText } from '$lib/domain/api-text';
import { parseQuery, zoneCodeParam } from '$lib/domain/params';
import { todayInVietnam } from '$lib/domain/time';
import type { Queryable } from '../db/port';
import { dbRefusal } from '../http';
import { asCaller, langOf, zoneOr404, type CallerLocals } from '../read';
import { monthDay } from './board';

const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const trendsPageQuery = z
	.object({
		kind: z.enum(['month', 'quarter', 'year']).default('month'),
		day: day.optional(),
		units: z.enum(UNIT_MODES).default('at_time'),
		zone: zoneCodeParam.optional()
	})
	.strict();

export const reportPageQuery = z
	.object({
		month: month.optional(),
		zone: zoneCodeParam.optional(),
		format: z.enum(['csv', 'xlsx']).optional()
	})
	.strict();

/** The first day of the last whole Vietnam month. */
export const lastMonthDay = () => monthDay(todayInVietnam(), -1);

export function parsePageQuery<T>(schema: z.ZodType<T>, url: URL, locals: CallerLocals): T {
	const parsed = parseQuery(schema, url.searchParams, langOf(locals));
	if (!parsed.ok) error(400, { message: parsed.message });
	return parsed.value;
}

/** Runs `fn` as the caller in the zone asked for; refusals become error pages. */
export async function asBoardCaller<T>(
	locals: CallerLocals,
	zoneCode: string | undefined,
	fn: (q: Queryable, zone: { id: string; code: string }) => Promise<T>
): Promise<T> {
	const lang = langOf(locals);
	try {
		return await asCaller(locals, async (q) => fn(q, await zoneOr404(q, zoneCode, lang)));
	} catch (err) {
		const res = dbRefusal(err, lang);
		if (res) {
			const body = (await res.json()) as { error: string };
			error(res.status, { message: res.status === 403 ? apiText(lang, 'forbidden') : body.error });
		}
		throw err;
	}
}
