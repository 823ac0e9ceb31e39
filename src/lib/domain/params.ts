import { z } from 'zod';
import { firstIssue, msg, zodErrors, apiText, type Lang } from './api-text';
import { CATEGORY_CODES, INCIDENT_STATUSES } from './categories';
import { hasControlChars } from './text';
import { vnDate, vnDateOrDateTime } from './time';

/** Query-string schemas shared by the API routes. Each error names its parameter. */

const lon = z.number().gte(-180).lte(180);
const lat = z.number().gte(-90).lte(90);

export const bboxParam = z.string().transform((s, ctx) => {
	const parts = s.split(',').map((p) => p.trim());
	const nums = parts.map((p) => (p === '' ? NaN : Number(p)));
	if (nums.length !== 4 || nums.some((n) => !Number.isFinite(n))) {
		ctx.addIssue({ code: 'custom', message: msg('bbox4') });
		return z.NEVER;
	}
	const [minLon, minLat, maxLon, maxLat] = nums as [number, number, number, number];
	if (!lon.safeParse(minLon).success || !lon.safeParse(maxLon).success) {
		ctx.addIssue({ code: 'custom', message: msg('bboxLon') });
		return z.NEVER;
	}
	if (!lat.safeParse(minLat).success || !lat.safeParse(maxLat).success) {
		ctx.addIssue({ code: 'custom', message: msg('bboxLat') });
		return z.NEVER;
	}
	if (minLon >= maxLon || minLat >= maxLat) {
		ctx.addIssue({ code: 'custom', message: msg('bboxOrder') });
		return z.NEVER;
	}
	return [minLon, minLat, maxLon, maxLat] as const;
});

/** `from`, `to`: a date (Vietnam midnight) or a date-time (Vietnam time without an offset). */
export const instantParam = vnDateOrDateTime;

/** A Vietnam calendar day, `YYYY-MM-DD`. */
export const dateParam = vnDate;

/** A comma-separated list of known codes, de-duplicated; an unknown or empty one is refused. */
function codeListParam(known: readonly string[], message: 'categories' | 'statuses') {
	const knownSet = new Set<string>(known);
	return z.string().transform((s, ctx) => {
		const codes = s
			.split(',')
			.map((c) => c.trim())
			.filter(Boolean);
		const bad = codes.filter((c) => !knownSet.has(c));
		if (codes.length === 0 || bad.length > 0) {
			ctx.addIssue({
				code: 'custom',
				message: msg(message, {
					bad: bad.length ? `"${bad[0]!.slice(0, 40)}"` : '(—)',
					known: known.join(', ')
				})
			});
			return z.NEVER;
		}
		return [...new Set(codes)];
	});
}

/** A comma-separated list of incident category codes. */
export const categoriesParam = codeListParam(CATEGORY_CODES, 'categories');

/** A comma-separated list of incident statuses (new, handling, resolved, transferred). */
export const statusesParam = codeListParam(INCIDENT_STATUSES, 'statuses');

export const zoneCodeParam = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, msg('zoneCode'));

/** A whole number written in the query string, between min and max. */
export const intParam = (min: number, max: number) =>
	z
		.string()
		.regex(/^\d+$/, msg('wholeBetween', { min, max }))
		.transform(Number)
		.pipe(z.number().int().min(min).max(max));

export const incidentsQuery = z
	.object({
		bbox: bboxParam.optional(),
		from: instantParam.optional(),
		to: instantParam.optional(),
		category: categoriesParam.optional(),
		zone: zoneCodeParam.optional(),
		limit: intParam(1, 100_000).optional()
	})
	.strict();

export const hexbinQuery = z
	.object({
		from: instantParam.optional(),
		to: instantParam.optional(),
		category: categoriesParam.optional(),
		status: statusesParam.optional(),
		zone: zoneCodeParam.optional(),
		size: intParam(25, 5_000).optional()
	})
	.strict();

export const accidentsQuery = z
	.object({
		from: instantParam.optional(),
		to: instantParam.optional(),
		zone: zoneCodeParam.optional()
	})
	.strict();

export const blackSpotsQuery = z
	.object({
		to: instantParam.optional(),
		section: intParam(100, 5_000).optional(),
		zone: zoneCodeParam.optional()
	})
	.strict();

export const adminUnitsQuery = z
	.object({ at: dateParam.optional(), zone: zoneCodeParam.optional() })
	.strict();

/** Endpoints that take no parameter of their own (only the global ones, such as `lang`). */
export const noParams = z.object({}).strict();

export const zoneOnlyQuery = z.object({ zone: zoneCodeParam.optional() }).strict();

export type ParseResult<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/**
 * Parameters every endpoint accepts besides its own: `lang` picks the language of the answer's
 * messages (read by the server hooks, see src/lib/server/lang.ts).
 */
export const GLOBAL_PARAMS: readonly string[] = ['lang'];

/**
 * Parses URLSearchParams against a schema; a repeated parameter is an error, not a guess, and so
 * is a control character in any value.
 * Messages are in `lang` and name the parameter.
 */
export function parseQuery<T>(
	schema: z.ZodType<T>,
	params: URLSearchParams,
	lang: Lang
): ParseResult<T> {
	const obj: Record<string, string> = {};
	for (const key of new Set(params.keys())) {
		const all = params.getAll(key);
		const name = key.slice(0, 40);
		if (all.length > 1)
			return { ok: false, field: name, message: `${name}: ${apiText(lang, 'once')}` };
		// No parameter holds a control character (NUL cannot even reach PostgreSQL text).
		if (hasControlChars(all[0]!, { lines: false }))
			return { ok: false, field: name, message: `${name}: ${apiText(lang, 'control')}` };
		if (GLOBAL_PARAMS.includes(key)) continue;
		obj[key] = all[0]!;
	}
	const res = schema.safeParse(obj, zodErrors(lang));
	if (res.success) return { ok: true, value: res.data };
	return { ok: false, ...firstIssue(lang, res.error, 'unknownParam', 'query') };
}
