/**
 * `fn` remembered per input object: the same input (by identity) gives the same output object.
 * Data derived for deck.gl (patrol parts, black-spot paths, typed point arrays) must keep its
 * identity while its source does, or deck.gl uploads it again on every rebuild of the layers.
 * Inputs are replaced whole, never mutated (Resource data, `$derived` arrays), so identity is
 * the right key; a WeakMap lets old inputs go.
 */
export function memo<A extends object, R>(fn: (input: A) => R): (input: A) => R {
	const cache = new WeakMap<A, R>();
	return (input) => {
		if (cache.has(input)) return cache.get(input)!;
		const out = fn(input);
		cache.set(input, out);
		return out;
	};
}
