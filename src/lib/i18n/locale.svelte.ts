import { createContext } from 'svelte';
import { translate, type MessageArgs, type MessageKey } from './messages';
import { DEFAULT_LANG, isLang, type Lang } from './words';

const STORAGE_KEY = 'lang';
const COOKIE_MAX_AGE_S = 60 * 60 * 24 * 365;

/**
 * The chosen language. It starts at the default so the server render and hydration agree;
 * `restore()` then applies the stored choice in the browser. The choice is kept in localStorage
 * and mirrored in a `lang` cookie so the server can honour it later.
 */
export class LocaleState {
	current = $state<Lang>(DEFAULT_LANG);

	/** `initial` is the language the server rendered with (from the `lang` cookie). */
	constructor(initial: Lang = DEFAULT_LANG) {
		this.current = initial;
	}

	/** Arrow function so it can be passed around (`{t('app.title')}`) without losing `this`. */
	t = <K extends MessageKey>(key: K, ...params: MessageArgs<K>): string =>
		translate(this.current, key, ...params);

	set(locale: Lang): void {
		this.current = locale;
		persist(locale);
	}

	restore(): void {
		// Re-persisting keeps the cookie (which the server reads) in step with localStorage. With no
		// choice stored, the page's language is persisted: the API answers by that cookie before
		// Accept-Language, so its messages match the page even when the browser prefers English.
		this.set(readStored() ?? this.current);
	}
}

function persist(locale: Lang): void {
	try {
		localStorage.setItem(STORAGE_KEY, locale);
	} catch {
		// Storage can be disabled (private mode, kiosk policies); the cookie still carries it.
	}
	document.cookie = `${STORAGE_KEY}=${locale}; path=/; max-age=${COOKIE_MAX_AGE_S}; samesite=lax`;
}

function readStored(): Lang | null {
	try {
		const fromStorage = localStorage.getItem(STORAGE_KEY);
		if (isLang(fromStorage)) return fromStorage;
	} catch {
		// fall through to the cookie
	}
	const match = document.cookie.match(/(?:^|;\s*)lang=([^;]+)/);
	const fromCookie = match?.[1];
	return isLang(fromCookie) ? fromCookie : null;
}

export const [getLocale, setLocale] = createContext<LocaleState>();
