import type { AdminToken } from '$lib/server/admin/tokens.service';

/** A token as POST /api/admin/tokens answers it: the only time its value is sent. */
export type CreatedToken = AdminToken & { token: string };

/** The admin pages' calls to /api/admin/…: JSON in, JSON out, the server's message on failure. */
export type ApiOutcome<T> =
	{ ok: true; body: T } | { ok: false; status: number; message: string; field?: string };

export async function sendJson<T>(
	method: 'POST' | 'PATCH',
	url: string,
	body?: unknown
): Promise<ApiOutcome<T>> {
	let res: Response;
	try {
		res = await fetch(url, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch (err) {
		return { ok: false, status: 0, message: err instanceof Error ? err.message : String(err) };
	}
	const data = (await res.json().catch(() => null)) as
		(T & { error?: string; field?: string }) | null;
	if (res.ok && data) return { ok: true, body: data };
	return {
		ok: false,
		status: res.status,
		message: data?.error ?? `HTTP ${res.status}`,
		field: data?.field
	};
}
