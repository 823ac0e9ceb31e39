/**
 * Aggregates as the disclosure rule publishes them (README "Disclosure rule"). The SQL functions
 * decide: for an aggregate-only role they widen the window to whole Vietnam days and answer every
 * count below 3 as null. What is assembled here from their rows (a margin, a total) is a sum of
 * published values, so it reveals nothing the rows did not.
 */
import type { Queryable } from '../db/port';

export type Disclosure = 'exact' | 'protected';

/** A count as published: a number, or null when it is below 3 ("< 3", suppressed). */
export type PublishedCount = number | null;

export interface PublishedWindow {
	/** The window the answer counts, as instants (whole Vietnam days when protected). */
	window: { from: string; to: string };
	disclosure: Disclosure;
}

/** The window the database uses for the caller (app.aggregate_window). */
export async function publishedWindow(
	q: Queryable,
	from: Date,
	to: Date
): Promise<PublishedWindow> {
	const [row] = await q.query<{ from: string; to: string; protected: boolean }>(
		`select app.iso_instant(window_from) as from, app.iso_instant(window_to) as to, protected
		from app.aggregate_window($1, $2)`,
		[from, to]
	);
	return {
		window: { from: row!.from, to: row!.to },
		disclosure: row!.protected ? 'protected' : 'exact'
	};
}

/**
 * Published counts added up by key. A null (suppressed) part adds nothing; in a protected answer
 * a sum of 0 is itself published as null.
 */
export function sumBy<R extends { n: PublishedCount }>(
	rows: readonly R[],
	keyOf: (row: R) => string,
	disclosure: Disclosure
): Record<string, PublishedCount> {
	const sums: Record<string, number> = {};
	for (const r of rows) {
		const key = keyOf(r);
		sums[key] = (sums[key] ?? 0) + (r.n ?? 0);
	}
	const out: Record<string, PublishedCount> = {};
	for (const [key, n] of Object.entries(sums)) out[key] = published(n, disclosure);
	return out;
}

/** The sum of published counts, null when a protected sum is 0. */
export function totalOf(
	rows: readonly { n: PublishedCount }[],
	disclosure: Disclosure
): PublishedCount {
	return published(
		rows.reduce((sum, r) => sum + (r.n ?? 0), 0),
		disclosure
	);
}

function published(n: number, disclosure: Disclosure): PublishedCount {
	return disclosure === 'protected' && n === 0 ? null : n;
}

/** Whether any count of an answer is suppressed. */
export function anySuppressed(
	...groups: (PublishedCount | Record<string, PublishedCount>)[]
): boolean {
	return groups.some((g) =>
		g === null ? true : typeof g === 'number' ? false : Object.values(g).some((v) => v === null)
	);
}
