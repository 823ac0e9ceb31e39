/**
 * Requests in progress per credential (the hash of a session cookie or bearer token: one
 * principal's session or token). The one piece of request state kept for the whole process: a
 * count per key, and a key is removed when it reaches zero, so the map holds only credentials
 * with a request running.
 */
const inFlight = new Map<string, number>();

/** Counts a request in; returns its release (call it once, when done), or undefined when over `max`. */
export function enterInFlight(key: string, max: number): (() => void) | undefined {
	const n = inFlight.get(key) ?? 0;
	if (n >= max) return undefined;
	inFlight.set(key, n + 1);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const left = (inFlight.get(key) ?? 1) - 1;
		if (left > 0) inFlight.set(key, left);
		else inFlight.delete(key);
	};
}

/** How many credentials have a request in progress (tests: the map empties again). */
export function credentialsInFlight(): number {
	return inFlight.size;
}
