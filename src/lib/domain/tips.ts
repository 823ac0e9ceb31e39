/**
 * The public tip line (tin báo tố giác): statuses, the follow-up code's format, and the schemas
 * every tip endpoint parses its input with. Their messages are keys of the API's words
 * (`api-text.ts`, `tip.*`), answered in the caller's language and naming the field.
 */
import { z } from 'zod';
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
		.string()
		.transform((s) => s.replace(/\r\n?/g, '\n').normalize('NFC').trim())
		.refine((s) => !hasControlChars(s, { lines: opts.lines }), msg('control'))
		.refine((s) => codePoints(s) >= min && codePoints(s) <= max, length);
}

const lonSchema = z.number().gte(-180, msg('bboxLon')).lte(180, msg('bboxLon'));
const latSchema = z.number().gte(-90, msg('bboxLat')).lte(90, msg('bboxLat'));

const categorySchema = z.enum(CATEGORY_CODES as [string, ...string[]], {
	error: msg('tip.category', { known: CATEGORY_CODES.join(', ') })
});

/** POST /api/tips: what a member of the public sends. */
export const tipSubmitSchema = z
	.object({
		// null or absent: "other / not sure".
		category: categorySchema.nullable().optional(),
		description: cleanText({ min: 10, max: 4000, lines: true }),
		occurredAt: notFuture(vnDateOrDateTime)
			.refine((d) => d.getTime() >= Date.now() - YEAR_MS, msg('tip.tooOld'))
			.nullable()
			.optional(),
		// null or absent: "location unknown".
		location: z
			.object({ lon: lonSchema, lat: latSchema }, { error: msg('tip.location') })
			.strict()
			.nullable()
			.optional(),
		contact: cleanText({ max: 200, lines: false })
			.transform((s) => (s === '' ? null : s))
			.nullable()
			.optional(),
		// The honeypot: people never see it, so anything in it came from a bot.
		website: z.string().nullable().optional(),
		zone: zoneCodeParam.optional()
	})
	.strict();
export type TipSubmit = z.infer<typeof tipSubmitSchema>;

const tipId = msg('positiveId');
export const tipDuplicateSchema = z
	.object({
		of: z.number({ error: tipId }).int(tipId).positive(tipId).max(Number.MAX_SAFE_INTEGER, tipId)
	})
	.strict();

export const tipRejectSchema = z
	.object({ reason: cleanText({ min: 3, max: 1000, lines: true }) })
	.strict();

const severity = msg('wholeBetween', { min: 1, max: 4 });
/** POST /api/tips/:id/convert: what the dispatcher adds or corrects; the rest comes from the tip. */
export const tipConvertSchema = z
	.object({
		category: categorySchema.optional(),
		severity: z
			.number({ error: severity })
			.int(severity)
			.min(1, severity)
			.max(4, severity)
			.optional(),
		occurredAt: notFuture(vnDateOrDateTime).optional(),
		lon: lonSchema.optional(),
		lat: latSchema.optional()
	})
	.strict()
	.refine((v) => (v.lon === undefined) === (v.lat === undefined), {
		message: msg('lonLat'),
		path: ['lon']
	});
export type TipConvert = z.infer<typeof tipConvertSchema>;

/** A tip id in a path. */
export function parseTipId(raw: string | undefined): number | undefined {
	return raw && /^[1-9][0-9]{0,15}$/.test(raw) && Number(raw) <= Number.MAX_SAFE_INTEGER
		? Number(raw)
		: undefined;
}

// Query strings ---------------------------------------------------------------------------------

const intParam = (min: number, max: number) => {
	const message = msg('wholeBetween', { min, max });
	return z
		.string()
		.regex(/^\d{1,9}$/, message)
		.transform(Number)
		.pipe(z.number().int().min(min, message).max(max, message));
};

export const tipQueueQuery = z
	.object({
		status: z.string().transform((s, ctx): TipStatus[] => {
			if (s === 'all') return [...TIP_STATUSES];
			const list = [
				...new Set(
					s
						.split(',')
						.map((x) => x.trim())
						.filter(Boolean)
				)
			];
			if (list.length === 0 || list.some((x) => !(TIP_STATUSES as readonly string[]).includes(x))) {
				ctx.addIssue({
					code: 'custom',
					message: msg('tip.statuses', { known: TIP_STATUSES.join(', ') })
				});
				return z.NEVER;
			}
			return list as TipStatus[];
		}),
		limit: intParam(1, 500),
		zone: zoneCodeParam
	})
	.partial()
	.strict();

export const tipCountsQuery = z
	.object({ from: vnDateOrDateTime, to: vnDateOrDateTime, zone: zoneCodeParam })
	.partial()
	.strict();

export const tipStatusQuery = z
	.object({
		code: z.string().transform((s, ctx) => {
			const code = normalizeFollowUpCode(s);
			if (!code) {
				ctx.addIssue({ code: 'custom', message: msg('tip.code') });
				return z.NEVER;
			}
			return code;
		})
	})
	.strict();
