import { createContext } from 'svelte';
import {
	DEFAULT_LOCALE,
	isLocale,
	translate,
	type Locale,
	type MessageKey,
	type MessageParams
} from './messages';

const STORAGE_KEY = 'lang';
const COOKIE_MAX_AGE_S = 60 * 60 * 24 * 365;

/**
 * The chosen language. It starts at the default so the server render and hydration agree;
 * `restore()` then applies the stored choice in the browser. The choice is kept in localStorage
 * and mirrored in a `lang` cookie so the server can honour it later.
 */
export class LocaleState {
	current = $state<Locale>(DEFAULT_LOCALE);

	/** `initial` is the language the server rendered with (from the `lang` cookie). */
	constructor(initial: Locale = DEFAULT_LOCALE) {
		this.current = initial;
	}

	/** Arrow function so it can be passed around (`{t('app.title')}`) without losing `this`. */
	t = (key: MessageKey, params?: MessageParams): string => translate(this.current, key, params);

	set(locale: Locale): void {
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

function persist(locale: Locale): void {
	try {
		localStorage.setItem(STORAGE_KEY, locale);
	} catch {
		// Storage can be disabled (private mode, kiosk policies); the cookie still carries it.
	}
	document.cookie = `${STORAGE_KEY}=${locale}; path=/; max-age=${COOKIE_MAX_AGE_S}; samesite=lax`;
}

function readStored(): Locale | null {
	try {
		const fromStorage = localStorage.getItem(STORAGE_KEY);
		if (isLocale(fromStorage)) return fromStorage;
	} catch {
		// fall through to the cookie
	}
	const match = document.cookie.match(/(?:^|;\s*)lang=([^;]+)/);
	const fromCookie = match?.[1];
	return isLocale(fromCookie) ? fromCookie : null;
}

export const [getLocale, setLocale] = createContext<LocaleState>();
