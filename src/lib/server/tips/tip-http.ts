/** Answers shared by the tip endpoints; every message in the caller's language. */
import { json } from '@sveltejs/kit';

const NO_STORE = { 'cache-control': 'no-store' };

export function tipJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
	return json(body, { status, headers: { ...NO_STORE, ...headers } });
}
