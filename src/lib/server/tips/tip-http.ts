/** Answers shared by the tip endpoints; every message in the caller's language. */
import { json } from '@sveltejs/kit';
import type { Lang } from '$lib/domain/api-text';
import { errorResponse, refusalOrThrow } from '../http';
import { TipFailure } from './tips.service';

const NO_STORE = { 'cache-control': 'no-store' };

export function tipJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
	return json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/**
 * The answer for a refusal thrown inside a tip transaction: a `TipFailure` as it is, and the
 * database's own refusals through the one mapper (`dbRefusal`). Anything else is a real fault
 * and goes on to `handleError`.
 */
export function tipFailureResponse(err: unknown, lang: Lang): Response {
	if (err instanceof TipFailure)
		return errorResponse(err.status, err.message, err.field, err.headers);
	return refusalOrThrow(err, lang);
}
