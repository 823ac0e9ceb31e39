/**
 * Query and path parameters several endpoints share, as zod/mini schemas of the text the URL
 * carries. Each refusal's message is a `msg` marker that names no field: the answer adds it.
 * The endpoints' own queries are in their contracts (src/lib/domain/contracts/).
 */
import * as z from 'zod/mini';
import { msg } from './api-text';
import { CATEGORY_CODES, INCIDENT_STATUSES } from './categories';
import { vnDate, vnDateOrDateTime } from './time';

/** A failed check inside a transform: the issue, then no value. */
function refused(ctx: z.core.ParsePayload, message: string): never {
	ctx.issues.push({ code: 'custom', message, input: ctx.value });
	return z.NEVER;
}

const isLon = (n: number) => n >= -180 && n <= 180;
const isLat = (n: number) => n >= -90 && n <= 90;

/** `minLon,minLat,maxLon,maxLat` (WGS 84), as four numbers. */
export const bboxParam = z.pipe(
	z.string(),
	z.transform((s, ctx) => {
		const nums = s.split(',').map((p) => (p.trim() === '' ? NaN : Number(p.trim())));
		if (nums.length !== 4 || nums.some((n) => !Number.isFinite(n)))
			return refused(ctx, msg('bbox4'));
		const [minLon, minLat, maxLon, maxLat] = nums as [number, number, number, number];
		if (!isLon(minLon) || !isLon(maxLon)) return refused(ctx, msg('bboxLon'));
		if (!isLat(minLat) || !isLat(maxLat)) return refused(ctx, msg('bboxLat'));
		if (minLon >= maxLon || minLat >= maxLat) return refused(ctx, msg('bboxOrder'));
		return [minLon, minLat, maxLon, maxLat] as const;
	})
);

/** `from`, `to`: a date (Vietnam midnight) or a date-time (Vietnam time without an offset). */
export const instantParam = vnDateOrDateTime;

/** A Vietnam calendar day, `YYYY-MM-DD`. */
export const dateParam = vnDate;

/** A comma-separated list of known codes, de-duplicated; an unknown or empty one is refused. */
function codeListParam<C extends string>(known: readonly C[], message: 'categories' | 'statuses') {
	const knownSet = new Set<string>(known);
	return z.pipe(
		z.string(),
		z.transform((s, ctx) => {
			const codes = s
				.split(',')
				.map((c) => c.trim())
				.filter(Boolean);
			const bad = codes.filter((c) => !knownSet.has(c));
			if (codes.length === 0 || bad.length > 0) {
				return refused(
					ctx,
					msg(message, {
						bad: bad.length ? `"${bad[0]!.slice(0, 40)}"` : '(—)',
						known: known.join(', ')
					})
				);
			}
			return [...new Set(codes)] as C[];
		})
	);
}

/** A comma-separated list of incident category codes. */
export const categoriesParam = codeListParam(CATEGORY_CODES, 'categories');

/** A comma-separated list of incident statuses (new, handling, resolved, transferred). */
export const statusesParam = codeListParam(INCIDENT_STATUSES, 'statuses');

export const ZONE_CODE = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const zoneCodeParam = z.string().check(z.regex(ZONE_CODE, msg('zoneCode')));

/** A whole number from `min` to `max`, written in digits. */
export const intParam = (min: number, max: number) =>
	z.pipe(
		z.pipe(
			z.string().check(z.regex(/^\d+$/, msg('wholeBetween', { min, max }))),
			z.transform(Number)
		),
		z.number().check(z.int(), z.minimum(min), z.maximum(max))
	);

/** A positive whole number (an incident's or a tip's id in a path). */
export const positiveIdParam = z.pipe(
	z.string().check(
		z.regex(/^[1-9][0-9]{0,15}$/, msg('positiveId')),
		z.refine((s) => Number(s) <= Number.MAX_SAFE_INTEGER, msg('positiveId'))
	),
	z.transform(Number)
);

/** A uuid in a path (a user's or a token's id). */
export const uuidParam = (message: 'userId' | 'tokenId') => z.uuid({ message: msg(message) });

/**
 * Parameters every endpoint accepts besides its own: `lang` picks the language of the answer's
 * messages (read by the server hooks, see src/lib/server/lang.ts).
 */
export const GLOBAL_PARAMS: readonly string[] = ['lang'];
