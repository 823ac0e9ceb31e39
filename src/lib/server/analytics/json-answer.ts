import type { Queryable } from '../db/port';

/**
 * Runs `select <call> as a` and returns the JSON the SQL function built: the analytics answers
 * are shaped once, in SQL, so every engine returns the same document.
 */
export async function jsonAnswer<T>(
	q: Queryable,
	call: string,
	params: readonly unknown[]
): Promise<T> {
	const [row] = await q.query<{ a: T }>(`select ${call} as a`, params);
	return row!.a;
}
