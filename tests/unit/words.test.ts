import { describe, expect, it } from 'vitest';
import { apiText, apiTextDictionaries, localize, msg } from '../../src/lib/domain/api-text';
import { messageDictionaries, translate } from '../../src/lib/i18n/messages';
import {
	DEFAULT_LANG,
	LANGS,
	placeholdersOf,
	type Dictionary,
	type Lang
} from '../../src/lib/i18n/words';

const DICTIONARIES = {
	interface: messageDictionaries(),
	API: apiTextDictionaries()
} satisfies Record<string, Readonly<Record<Lang, Dictionary>>>;

/** Vietnamese words the interface uses for one thing each (shared/DOMAIN.md, "Words"). */
const AVOID: readonly (readonly [RegExp, string])[] = [
	[/\bheatmap\b/i, 'bản đồ nhiệt'],
	[/\bbasemap\b/i, 'bản đồ nền'],
	[/\blegend\b/i, 'chú giải'],
	[/\bhotspot\b/i, 'điểm nóng'],
	[/tổ an ninh tự quản/i, 'tổ tự quản'],
	[/\bmã máy\b|mã truy cập/i, 'khóa API'],
	[/nhật ký kiểm toán/i, 'nhật ký hệ thống'],
	[/\bcọc km\b/i, 'cột km']
];

for (const [name, dictionaries] of Object.entries(DICTIONARIES)) {
	describe(`the ${name} words`, () => {
		const base = dictionaries[DEFAULT_LANG];

		it('have a text for every key in every language, and no key Vietnamese lacks', () => {
			for (const lang of LANGS) {
				const dict = dictionaries[lang];
				const missing = Object.keys(base).filter((k) => !dict[k]?.trim());
				const extra = Object.keys(dict).filter((k) => !Object.hasOwn(base, k));
				expect({ lang, missing, extra }).toEqual({ lang, missing: [], extra: [] });
			}
		});

		it('take the same placeholders in every language', () => {
			for (const lang of LANGS) {
				const differ = Object.keys(base).filter(
					(k) => placeholdersOf(base[k]!).join() !== placeholdersOf(dictionaries[lang][k]!).join()
				);
				expect({ lang, differ }).toEqual({ lang, differ: [] });
			}
		});

		it('are stored composed (NFC) with the tone mark placed one way (hòa, thủy, not hoà, thuỷ)', () => {
			const vi = Object.entries(base);
			expect(vi.filter(([, t]) => t !== t.normalize('NFC')).map(([k]) => k)).toEqual([]);
			// In an open syllable the mark sits on the first vowel of oa, oe, uy throughout.
			// After q, u is part of the consonant (quý): the mark on y is the one style there.
			const otherStyle = /(o[àáảãạ]|o[èéẻẽẹ]|(?<!q)u[ỳýỷỹỵ])(?!\p{L})/iu;
			expect(vi.filter(([, t]) => otherStyle.test(t)).map(([k]) => k)).toEqual([]);
		});

		it('use the glossary’s Vietnamese word for each map concept', () => {
			const offending = Object.entries(base).flatMap(([k, t]) =>
				AVOID.filter(([re]) => re.test(t)).map(([, word]) => `${k}: say "${word}"`)
			);
			expect(offending).toEqual([]);
		});
	});
}

describe('a message', () => {
	it('is answered in the language each call names, whatever the calls before asked for', () => {
		// Requests in both languages interleave on the server: nothing may remember a language.
		const answers = (['vi', 'en', 'vi', 'en'] as const).map((lang) => [
			translate(lang, 'panel.period', { days: 7 }),
			apiText(lang, 'wholeBetween', { min: 1, max: 4 })
		]);
		expect(answers).toEqual([
			['7 ngày qua', 'phải là số nguyên từ 1 đến 4'],
			['last 7 days', 'must be a whole number between 1 and 4'],
			['7 ngày qua', 'phải là số nguyên từ 1 đến 4'],
			['last 7 days', 'must be a whole number between 1 and 4']
		]);
	});

	it('made once as a marker is translated into the language of each answer', () => {
		const marker = msg('tip.rateLimited', { minutes: 5 });
		expect(localize('vi', marker)).toMatch(/^Bạn đã gửi quá nhiều yêu cầu .* khoảng 5 phút/);
		expect(localize('en', marker)).toMatch(/^Too many requests .* about 5 minutes/);
	});

	it('keeps braces that are not a placeholder as text', () => {
		expect(apiText('en', 'tip.location')).toBe('must be {lon, lat} or null (location unknown)');
	});
});
