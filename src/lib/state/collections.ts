/** The items of `after` whose key was not among `before`'s (what a reload brought in). */
export function newcomers<T, K>(
	before: readonly T[],
	after: readonly T[],
	key: (item: T) => K
): T[] {
	const known = new Set(before.map(key));
	return after.filter((item) => !known.has(key(item)));
}
