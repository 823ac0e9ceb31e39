/**
 * The language of a request's answers. Pages follow the `lang` cookie that the language toggle
 * writes (Vietnamese otherwise: a browser's English default must not flip the interface). API
 * answers follow, in order: the `lang` query parameter, that cookie, then `Accept-Language`;
 * Vietnamese when nothing asks for English.
 */
import { isLang, type Lang } from '$lib/domain/api-text';

export const LANG_COOKIE = 'lang';

export type LangChoice = { ok: true; lang: Lang } | { ok: false; lang: Lang };

/** The page language: the cookie, else Vietnamese. */
export function pageLang(cookie: string | undefined): Lang {
	return isLang(cookie) ? cookie : 'vi';
}

/**
 * The API language. `ok: false` when the `lang` parameter is present but not `vi` or `en` (or
 * repeated): the request is then refused, in the language the rest of the request asks for.
 */
export function apiLang(
	params: URLSearchParams,
	cookie: string | undefined,
	acceptLanguage: string | null
): LangChoice {
	const fallback = isLang(cookie) ? cookie : fromAcceptLanguage(acceptLanguage);
	const asked = params.getAll('lang');
	if (asked.length === 0) return { ok: true, lang: fallback };
	if (asked.length === 1 && isLang(asked[0])) return { ok: true, lang: asked[0] };
	return { ok: false, lang: fallback };
}

/** English only when Accept-Language ranks English above Vietnamese (vi absent counts as 0). */
export function fromAcceptLanguage(header: string | null): Lang {
	if (!header) return 'vi';
	let vi = 0;
	let en = 0;
	for (const part of header.slice(0, 500).split(',')) {
		const [tag = '', ...params] = part.trim().toLowerCase().split(';');
		const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const q = qParam ? Number(qParam.slice(2)) : 1;
		if (!Number.isFinite(q)) continue;
		const primary = tag.trim().split('-')[0];
		if (primary === 'vi') vi = Math.max(vi, q);
		else if (primary === 'en') en = Math.max(en, q);
	}
	return en > vi ? 'en' : 'vi';
}
