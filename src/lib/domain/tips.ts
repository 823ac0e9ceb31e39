/**
 * The public tip line (tin báo tố giác): statuses, the follow-up code's format, and the schemas
 * every tip endpoint parses its input with. Their messages are keys of the API's words
 * (`api-text.ts`, `tip.*`), answered in the caller's language and naming the field.
 */
import * as z from 'zod/mini';
import { msg } from './api-text';
import { CATEGORY_CODES } from './categories';
import { normalizeFollowUpCode } from './follow-up-code';
import { zoneCodeParam } from './params';
import { hasControlChars } from './text';
import { notFuture, vnDateOrDateTime } from './time';
import { TIP_STATUSES, type TipStatus } from './tip-status';

export * from './tip-status';
export * from './follow-up-code';

/** What a dispatcher does to a tip; each has its words (`tip.action.*` in api-text.ts). */
export type TipAction = 'verify' | 'duplicate' | 'reject' | 'convert';

// Schemas ---------------------------------------------------------------------------------------
// Built once at load; their messages are `msg()` markers, answered in the caller's language.

/** Characters as PostgreSQL's char_length counts them (code points, not UTF-16 units). */
const codePoints = (s: string) => [...s].length;
const YEAR_MS = 366 * 24 * 3_600_000;

/** Trimmed, NFC-normalised text (Vietnamese typed on some systems arrives decomposed). */
function cleanText(opts: { min?: number; max: number; lines: boolean }) {
	const { min = 0, max } = opts;
	const length = min > 0 ? msg('lengthBetween', { min, max }) : msg('tooLong', { n: max });
	return z
		.pipe(
			z.string(),
			z.transform((s) => s.replace(/\r\n?/g, '\n').normalize('NFC').trim())
		)
		.check(
			z.refine((s: string) => !hasControlChars(s, { lines: opts.lines }), msg('control')),
			z.refine((s: string) => codePoints(s) >= min && codePoints(s) <= max, length)
		);
}

const lonSchema = z.number().check(z.gte(-180, msg('bboxLon')), z.lte(180, msg('bboxLon')));
const latSchema = z.number().check(z.gte(-90, msg('bboxLat')), z.lte(90, msg('bboxLat')));

const categorySchema = z.enum(CATEGORY_CODES, {
	error: msg('tip.category', { known: CATEGORY_CODES.join(', ') })
});

/** POST /api/tips: what a member of the public sends. */
export const tipSubmitSchema = z.strictObject({
	// null or absent: "other / not sure".
	category: z.optional(z.nullable(categorySchema)),
	description: cleanText({ min: 10, max: 4000, lines: true }),
	occurredAt: z.optional(
		z.nullable(
			notFuture(vnDateOrDateTime).check(
				z.refine((d: Date) => d.getTime() >= Date.now() - YEAR_MS, msg('tip.tooOld'))
			)
		)
	),
	// null or absent: "location unknown".
	location: z.optional(
		z.nullable(z.strictObject({ lon: lonSchema, lat: latSchema }, { error: msg('tip.location') }))
	),
	contact: z.optional(
		z.nullable(
			z.pipe(
				cleanText({ max: 200, lines: false }),
				z.transform((s) => (s === '' ? null : s))
			)
		)
	),
	// The honeypot: people never see it, so anything in it came from a bot.
	website: z.optional(z.nullable(z.string())),
	zone: z.optional(zoneCodeParam)
});
export type TipSubmit = z.infer<typeof tipSubmitSchema>;

const tipId = msg('positiveId');
export const tipDuplicateSchema = z.strictObject({
	of: z
		.number({ error: tipId })
		.check(z.int(tipId), z.positive(tipId), z.maximum(Number.MAX_SAFE_INTEGER, tipId))
});

export const tipRejectSchema = z.strictObject({
	reason: cleanText({ min: 3, max: 1000, lines: true })
});

const severity = msg('wholeBetween', { min: 1, max: 4 });
/** POST /api/tips/:id/convert: what the dispatcher adds or corrects; the rest comes from the tip. */
export const tipConvertSchema = z
	.strictObject({
		category: z.optional(categorySchema),
		severity: z.optional(
			z
				.number({ error: severity })
				.check(z.int(severity), z.minimum(1, severity), z.maximum(4, severity))
		),
		occurredAt: z.optional(notFuture(vnDateOrDateTime)),
		lon: z.optional(lonSchema),
		lat: z.optional(latSchema)
	})
	.check(
		z.refine((v) => (v.lon === undefined) === (v.lat === undefined), {
			message: msg('lonLat'),
			path: ['lon']
		})
	);
export type TipConvert = z.infer<typeof tipConvertSchema>;

// Query strings ---------------------------------------------------------------------------------

const intParam = (min: number, max: number) => {
	const message = msg('wholeBetween', { min, max });
	return z.pipe(
		z.pipe(z.string().check(z.regex(/^\d{1,9}$/, message)), z.transform(Number)),
		z.number().check(z.int(message), z.minimum(min, message), z.maximum(max, message))
	);
};

const zoneQuery = z
	.optional(zoneCodeParam)
	.check(z.describe('Zone code; default: the first zone in your scope.'));

export const tipQueueQuery = z.strictObject({
	status: z.optional(
		z
			.pipe(
				z.string(),
				z.transform((s, ctx): TipStatus[] => {
					if (s === 'all') return [...TIP_STATUSES];
					const list = [
						...new Set(
							s
								.split(',')
								.map((x) => x.trim())
								.filter(Boolean)
						)
					];
					if (
						list.length === 0 ||
						list.some((x) => !(TIP_STATUSES as readonly string[]).includes(x))
					) {
						ctx.issues.push({
							code: 'custom',
							message: msg('tip.statuses', { known: TIP_STATUSES.join(', ') }),
							input: s
						});
						return z.NEVER;
					}
					return list as TipStatus[];
				})
			)
			.check(z.describe('"all" or comma-separated statuses (default: received,verifying).'))
	),
	limit: z.optional(intParam(1, 500)).check(z.describe('At most this many (1–500, default 100).')),
	zone: zoneQuery
});

export const tipCountsQuery = z.strictObject({
	from: z.optional(vnDateOrDateTime).check(z.describe('Start.')),
	to: z.optional(vnDateOrDateTime).check(z.describe('Exclusive end; must be later than `from`.')),
	zone: zoneQuery
});

export const tipStatusQuery = z.strictObject({
	code: z
		.pipe(
			z.string(),
			z.transform((s, ctx) => {
				const code = normalizeFollowUpCode(s);
				if (code) return code;
				ctx.issues.push({ code: 'custom', message: msg('tip.code'), input: s });
				return z.NEVER;
			})
		)
		.check(z.describe('The follow-up code, TD-XXXX-XXXX-XXXX.'))
});
