/**
 * The public tip line (tin báo tố giác): statuses, the follow-up code's format, and the schemas
 * every tip endpoint parses its input with. Messages come in the caller's language; each names
 * its field, which stays in English (it is the API's field name).
 */
import * as z from 'zod/mini';
import { msg } from './api-text';
import { CATEGORY_CODES } from './categories';
import { ZONE_CODE } from './params';
import { normalizeFollowUpCode } from './follow-up-code';
import { hasControlChars } from './text';
import { notFuture, vnDateOrDateTime } from './time';
import { TIP_STATUSES, type TipStatus } from './tip-status';

export type { Lang as TipLang } from './api-text';
import type { Lang as TipLang } from './api-text';

export * from './tip-status';
export * from './follow-up-code';

// Messages --------------------------------------------------------------------------------------

const VI = {
	text: 'phải là chuỗi ký tự',
	number: 'phải là một số',
	descriptionLength: 'phải có từ 10 đến 4000 ký tự',
	category: `không phải mã loại vụ việc đã biết (${CATEGORY_CODES.join(', ')}); để trống nếu không rõ`,
	tooOld: 'không được cũ hơn 1 năm',
	location: 'phải là {lon, lat} hoặc null (không rõ vị trí)',
	lon: 'kinh độ phải từ -180 đến 180',
	lat: 'vĩ độ phải từ -90 đến 90',
	lonLat: 'phải có cả lon và lat',
	contactLength: 'tối đa 200 ký tự',
	zone: 'không phải mã vùng hợp lệ',
	reasonLength: 'phải có từ 3 đến 1000 ký tự',
	severity: 'phải là số nguyên từ 1 đến 4',
	tipId: 'phải là số nguyên dương',
	statuses: `phải là "all" hoặc các trạng thái cách nhau bởi dấu phẩy: ${TIP_STATUSES.join(', ')}`,
	limit: 'phải là số nguyên từ 1 đến 500',
	code: 'mã theo dõi có dạng TD-XXXX-XXXX-XXXX',
	outsideZone:
		'vị trí nằm ngoài vùng tiếp nhận tin báo; chọn điểm trong ranh giới hoặc chọn "Không rõ vị trí"',
	noSuchZone: 'không có vùng này',
	noZone: 'chưa có vùng nào nhận tin báo',
	rateLimited:
		'Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau khoảng {minutes} phút. Trường hợp khẩn cấp, hãy gọi 113.',
	codeNotFound: 'Không tìm thấy tin báo với mã theo dõi này. Vui lòng kiểm tra lại mã.',
	forbidden: 'Vai trò của bạn không được phép thực hiện việc này với tin báo',
	tipNotFound: 'không tìm thấy tin báo {id}',
	final: 'tin báo đang ở trạng thái "{status}" nên không thể {action}',
	ofNotFound: 'không tìm thấy tin báo {id} trong vùng của tin này',
	ofSelf: 'một tin báo không thể trùng với chính nó',
	needCategory: 'tin báo chưa có loại vụ việc; hãy chọn loại',
	needLocation: 'tin báo chưa có vị trí; hãy cho lon và lat',
	lonOutside: 'điểm nằm ngoài ranh giới vùng',
	afterTip: 'không được sau thời điểm nhận tin báo'
};

const EN: typeof VI = {
	text: 'must be text',
	number: 'must be a number',
	descriptionLength: 'must be 10 to 4000 characters',
	category: `is not a known incident category (${CATEGORY_CODES.join(', ')}); leave it empty if unsure`,
	tooOld: 'must not be more than a year ago',
	location: 'must be {lon, lat} or null (location unknown)',
	lon: 'longitude must be between -180 and 180',
	lat: 'latitude must be between -90 and 90',
	lonLat: 'lon and lat must be given together',
	contactLength: 'must be at most 200 characters',
	zone: 'is not a valid zone code',
	reasonLength: 'must be 3 to 1000 characters',
	severity: 'must be a whole number from 1 to 4',
	tipId: 'must be a positive whole number',
	statuses: `must be "all" or comma-separated statuses: ${TIP_STATUSES.join(', ')}`,
	limit: 'must be a whole number from 1 to 500',
	code: 'a follow-up code looks like TD-XXXX-XXXX-XXXX',
	outsideZone:
		'the place is outside the area this tip line covers; pick a point inside the boundary or choose "Location unknown"',
	noSuchZone: 'no such zone',
	noZone: 'no zone takes tips yet',
	rateLimited:
		'Too many requests from your connection in a short time. Please try again in about {minutes} minutes. In an emergency, call 113.',
	codeNotFound: 'No tip has this follow-up code. Please check the code.',
	forbidden: 'Your role may not do this with tips',
	tipNotFound: 'tip {id} not found',
	final: 'the tip is "{status}", so it cannot be {action}',
	ofNotFound: 'tip {id} is not found in this tip’s zone',
	ofSelf: 'a tip cannot duplicate itself',
	needCategory: 'the tip has no category; choose one',
	needLocation: 'the tip has no location; give lon and lat',
	lonOutside: 'the point is outside the zone boundary',
	afterTip: 'must not be later than when the tip was received'
};

export type TipTextKey = keyof typeof VI;
const TEXT: Record<TipLang, typeof VI> = { vi: VI, en: EN };

/** A message in the caller's language with `{name}` placeholders filled in. */
export function tipText(
	lang: TipLang,
	key: TipTextKey,
	params: Record<string, string | number> = {}
): string {
	return TEXT[lang][key].replace(/\{(\w+)\}/g, (m, name: string) =>
		name in params ? String(params[name]) : m
	);
}

const ACTIONS: Record<TipLang, Record<TipAction, string>> = {
	vi: {
		verify: 'chuyển sang xác minh',
		duplicate: 'đánh dấu trùng',
		reject: 'từ chối',
		convert: 'chuyển thành vụ việc'
	},
	en: {
		verify: 'verified',
		duplicate: 'marked duplicate',
		reject: 'rejected',
		convert: 'converted'
	}
};
export type TipAction = 'verify' | 'duplicate' | 'reject' | 'convert';
export function tipActionName(lang: TipLang, action: TipAction): string {
	return ACTIONS[lang][action];
}

// Schemas ---------------------------------------------------------------------------------------

/** Characters as PostgreSQL's char_length counts them (code points, not UTF-16 units). */
const codePoints = (s: string) => [...s].length;
const YEAR_MS = 366 * 24 * 3_600_000;

/** Trimmed, NFC-normalised text (Vietnamese typed on some systems arrives decomposed). */
function cleanText(lang: TipLang, opts: { min?: number; max: number; lines: boolean }) {
	const m = TEXT[lang];
	const lengthMessage =
		opts.min === 10 ? m.descriptionLength : opts.min === 3 ? m.reasonLength : m.contactLength;
	return z
		.pipe(
			z.string({ error: m.text }),
			z.transform((s) => s.replace(/\r\n?/g, '\n').normalize('NFC').trim())
		)
		.check(
			z.refine((s: string) => !hasControlChars(s, { lines: opts.lines }), msg('control')),
			z.refine(
				(s: string) => codePoints(s) >= (opts.min ?? 0) && codePoints(s) <= opts.max,
				lengthMessage
			)
		);
}

const lonSchema = (lang: TipLang) =>
	z
		.number({ error: TEXT[lang].number })
		.check(z.gte(-180, TEXT[lang].lon), z.lte(180, TEXT[lang].lon));
const latSchema = (lang: TipLang) =>
	z
		.number({ error: TEXT[lang].number })
		.check(z.gte(-90, TEXT[lang].lat), z.lte(90, TEXT[lang].lat));

const categorySchema = (lang: TipLang) => z.enum(CATEGORY_CODES, { error: TEXT[lang].category });

export const zoneCodeSchema = (lang: TipLang) =>
	z.string({ error: TEXT[lang].zone }).check(z.regex(ZONE_CODE, TEXT[lang].zone));

/** POST /api/tips: what a member of the public sends. */
function tipSubmitSchemaFor(lang: TipLang) {
	const m = TEXT[lang];
	return z.strictObject({
		// null or absent: "other / not sure".
		category: z.optional(z.nullable(categorySchema(lang))),
		description: cleanText(lang, { min: 10, max: 4000, lines: true }),
		occurredAt: z.optional(
			z.nullable(
				notFuture(vnDateOrDateTime).check(
					z.refine((d: Date) => d.getTime() >= Date.now() - YEAR_MS, m.tooOld)
				)
			)
		),
		// null or absent: "location unknown".
		location: z.optional(
			z.nullable(
				z.strictObject({ lon: lonSchema(lang), lat: latSchema(lang) }, { error: m.location })
			)
		),
		contact: z.optional(
			z.nullable(
				z.pipe(
					cleanText(lang, { max: 200, lines: false }),
					z.transform((s) => (s === '' ? null : s))
				)
			)
		),
		// The honeypot: people never see it, so anything in it came from a bot.
		website: z.optional(z.nullable(z.string({ error: m.text }))),
		zone: z.optional(zoneCodeSchema(lang))
	});
}
export type TipSubmit = z.infer<ReturnType<typeof tipSubmitSchemaFor>>;

function tipDuplicateSchemaFor(lang: TipLang) {
	const m = TEXT[lang].tipId;
	return z.strictObject({
		of: z.number({ error: m }).check(z.int(m), z.positive(m), z.maximum(Number.MAX_SAFE_INTEGER, m))
	});
}

function tipRejectSchemaFor(lang: TipLang) {
	return z.strictObject({ reason: cleanText(lang, { min: 3, max: 1000, lines: true }) });
}

/** POST /api/tips/:id/convert: what the dispatcher adds or corrects; the rest comes from the tip. */
function tipConvertSchemaFor(lang: TipLang) {
	const m = TEXT[lang];
	return z
		.strictObject({
			category: z.optional(categorySchema(lang)),
			severity: z.optional(
				z
					.number({ error: m.severity })
					.check(z.int(m.severity), z.minimum(1, m.severity), z.maximum(4, m.severity))
			),
			occurredAt: z.optional(notFuture(vnDateOrDateTime)),
			lon: z.optional(lonSchema(lang)),
			lat: z.optional(latSchema(lang))
		})
		.check(
			z.refine((v) => (v.lon === undefined) === (v.lat === undefined), {
				message: m.lonLat,
				path: ['lon']
			})
		);
}
export type TipConvert = z.infer<ReturnType<typeof tipConvertSchemaFor>>;

// Query strings ---------------------------------------------------------------------------------

const intParam = (message: string, min: number, max: number) =>
	z.pipe(
		z.pipe(z.string().check(z.regex(/^\d{1,9}$/, message)), z.transform(Number)),
		z.number().check(z.int(), z.minimum(min, message), z.maximum(max, message))
	);

function tipQueueQueryFor(lang: TipLang) {
	const m = TEXT[lang];
	return z.strictObject({
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
							ctx.issues.push({ code: 'custom', message: m.statuses, input: s });
							return z.NEVER;
						}
						return list as TipStatus[];
					})
				)
				.check(z.describe('"all" or comma-separated statuses (default: received,verifying).'))
		),
		limit: z
			.optional(intParam(m.limit, 1, 500))
			.check(z.describe('At most this many (1–500, default 100).')),
		zone: z
			.optional(zoneCodeSchema(lang))
			.check(z.describe('Zone code; default: the first zone in your scope.'))
	});
}

function tipCountsQueryFor(lang: TipLang) {
	return z.strictObject({
		from: z.optional(vnDateOrDateTime).check(z.describe('Start.')),
		to: z.optional(vnDateOrDateTime).check(z.describe('Exclusive end; must be later than `from`.')),
		zone: z
			.optional(zoneCodeSchema(lang))
			.check(z.describe('Zone code; default: the first zone in your scope.'))
	});
}

function tipStatusQueryFor(lang: TipLang) {
	return z.strictObject({
		code: z
			.pipe(
				z.string(),
				z.transform((s, ctx) => {
					const code = normalizeFollowUpCode(s);
					if (code) return code;
					ctx.issues.push({ code: 'custom', message: TEXT[lang].code, input: s });
					return z.NEVER;
				})
			)
			.check(z.describe('The follow-up code, TD-XXXX-XXXX-XXXX.'))
	});
}

// Each schema is built once per language at load, not once per request (Date.now() is read inside
// the refinements, at parse time).
function perLang<T>(build: (lang: TipLang) => T): (lang: TipLang) => T {
	const built = { vi: build('vi'), en: build('en') };
	return (lang) => built[lang];
}
export const tipSubmitSchema = perLang(tipSubmitSchemaFor);
export const tipDuplicateSchema = perLang(tipDuplicateSchemaFor);
export const tipRejectSchema = perLang(tipRejectSchemaFor);
export const tipConvertSchema = perLang(tipConvertSchemaFor);
export const tipQueueQuery = perLang(tipQueueQueryFor);
export const tipCountsQuery = perLang(tipCountsQueryFor);
export const tipStatusQuery = perLang(tipStatusQueryFor);
