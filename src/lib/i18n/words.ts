/**
 * The one way this application keeps its words (DESIGN.md §6): one language type, dictionaries
 * written once per language with `{name}` placeholders, and a lookup that takes the language on
 * every call. Nothing here holds a current language: on the server, requests in Vietnamese and in
 * English interleave, so the caller always says which one it answers in.
 *
 * Two dictionaries are built with it, split by where they are read so the browser does not ship
 * the API's refusals: the interface's (`messages.ts`) and the API's (`domain/api-text.ts`).
 * Each is checked by the compiler: a key missing from a translation, a key that is not in the
 * Vietnamese dictionary, a translation whose placeholders differ, an unknown key at a call, and a
 * call with a missing or unexpected parameter are type errors.
 */

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
/** The language every dictionary is written in first, and the default when nothing asks. */
export const DEFAULT_LANG = 'vi' satisfies Lang;
type BaseLang = typeof DEFAULT_LANG;

export const isLang = (v: unknown): v is Lang => (LANGS as readonly unknown[]).includes(v);

/** One language's words: key → text with `{name}` placeholders. */
export type Dictionary = Readonly<Record<string, string>>;

/** Values for placeholders, when the key is only known at run time. */
export type Params = Record<string, string | number>;

/** A translation of `V`: the same keys, no others (`as const satisfies Translation<typeof VI>`). */
export type Translation<V extends Dictionary> = { readonly [K in keyof V]: string };

// Placeholders, at the type level ------------------------------------------------------------------

type NotInName = ' ' | ',' | '.' | ':' | '{' | '-' | '"' | "'" | '/' | '<' | '>';
/** `{lon, lat}` or `{ }` are text, not placeholders (the lookup fills `{word}` only). */
type IsName<P extends string> = P extends ''
	? false
	: P extends `${string}${NotInName}${string}`
		? false
		: true;

/** The placeholder names of a text: `'{n} ngày qua'` → `'n'`; a text typed only `string` has none. */
export type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}`
	? (IsName<P> extends true ? P : never) | Placeholders<Rest>
	: never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
	x: infer I
) => void
	? I
	: never;
type IsUnion<T> = [T] extends [UnionToIntersection<T>] ? false : true;

/**
 * A message's parameters as call arguments. One known key: exactly its placeholders (none → no
 * argument). A key chosen at run time (a union, such as a whole key type passed along by a helper)
 * cannot be checked here and takes any `Params`; the completeness test covers the dictionaries.
 */
export type ParamArgs<V extends Dictionary, K extends keyof V> =
	IsUnion<K> extends true
		? [params?: Params]
		: [Placeholders<V[K]>] extends [never]
			? []
			: [params: { readonly [P in Placeholders<V[K]>]: string | number }];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Keys whose translation has other placeholders than the Vietnamese text. */
type Mismatched<V extends Dictionary, E> = {
	[K in keyof V]: K extends keyof E
		? Same<Placeholders<V[K]>, Placeholders<E[K]>> extends true
			? never
			: K
		: never;
}[keyof V];
type MismatchedIn<V extends Dictionary, T> = { [L in keyof T]: Mismatched<V, T[L]> }[keyof T];

// The lookup -----------------------------------------------------------------------------------------

/** Fills `{name}` placeholders; a placeholder without a value stays visible rather than vanish. */
export function fill(text: string, params: Params = {}): string {
	return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
		Object.hasOwn(params, name) ? String(params[name]) : whole
	);
}

/** The `{name}` placeholders of a text at run time, sorted (what the completeness test compares). */
export function placeholdersOf(text: string): string[] {
	return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

export interface Words<V extends Dictionary> {
	/** The text of `key` in `lang`, placeholders filled. */
	text<K extends keyof V & string>(lang: Lang, key: K, ...params: ParamArgs<V, K>): string;
	/** Narrows a key built at run time (`incident.status.${code}`) to a known one. */
	has(key: string): key is keyof V & string;
	/** Every language's dictionary, for tests and tools. */
	readonly dictionaries: Readonly<Record<Lang, Dictionary>>;
}

/**
 * A dictionary in every language: `defineWords(VI, { en: EN })`. Adding a language to `LANGS`
 * makes every `defineWords` call a type error until that language's translation is given; a
 * translation whose placeholders differ from the Vietnamese text asks for a third argument naming
 * the keys (`placeholdersDifferIn`).
 */
export function defineWords<
	V extends Dictionary,
	T extends { readonly [L in Exclude<Lang, BaseLang>]: Translation<V> }
>(
	base: V,
	translations: T,
	...check: [MismatchedIn<V, T>] extends [never] ? [] : [placeholdersDifferIn: MismatchedIn<V, T>]
): Words<V> {
	void check;
	const dictionaries = { [DEFAULT_LANG]: base, ...translations } as const;
	return {
		text: (lang, key, ...params) => fill(dictionaries[lang][key]!, params[0]),
		has: (key): key is keyof V & string => Object.hasOwn(base, key),
		dictionaries
	};
}
