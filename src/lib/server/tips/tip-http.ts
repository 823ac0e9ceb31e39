/** Request and response plumbing shared by the tip endpoints; every message in the caller's language. */
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { issueOf, tipText, type TipLang, type TipParse } from '$lib/domain/tips';
import { readJson } from '../body';
import { TipFailure } from './tips.service';

const NO_STORE = { 'cache-control': 'no-store' };

export function tipJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
	return json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function tipError(
	status: number,
	message: string,
	field?: string,
	headers: Record<string, string> = {}
): Response {
	return tipJson(field ? { error: message, field } : { error: message }, status, headers);
}

/** A parse failure as its answer: 400 unless the failure says otherwise (413, 415). */
export const badField = (res: { field: string; message: string; status?: number }) =>
	tipError(res.status ?? 400, res.message, res.field);

/**
 * The answer for a refusal thrown inside a tip transaction: a `TipFailure` as it is, and the
 * database's own refusals (missing privilege or row-level security → 403, a violated constraint
 * → 400). Anything else is a real fault and goes on to `handleError`.
 */
export function tipFailureResponse(err: unknown, lang: TipLang): Response {
	if (err instanceof TipFailure) return tipError(err.status, err.message, err.field, err.headers);
	const e = err as { code?: string; constraint_name?: string; constraint?: string };
	switch (e.code) {
		case '42501':
			return tipError(403, tipText(lang, 'forbidden'));
		case '23514':
		case '23502':
		case '23503':
		case '22P02':
		case '22023':
		case '22001':
			return tipError(
				400,
				tipText(lang, 'dbRejected', { detail: e.constraint_name ?? e.constraint ?? e.code })
			);
		default:
			throw err;
	}
}

/**
 * Reads a JSON body (size-limited by `readJson`) and parses it with a schema. With `optional`, a
 * request without a body counts as `{}`.
 */
export async function readTipBody<T>(
	event: Pick<RequestEvent, 'request'>,
	schema: z.ZodType<T>,
	maxBytes: number,
	lang: TipLang,
	opts: { optional?: boolean } = {}
): Promise<TipParse<T> | { ok: false; field: string; message: string; status: number }> {
	let data: unknown = {};
	const hasBody = event.request.body !== null || event.request.headers.get('content-type') !== null;
	if (hasBody || !opts.optional) {
		const raw = await readJson(event, z.unknown(), maxBytes);
		if (!raw.ok) {
			const key =
				raw.response.status === 415
					? 'bodyJson'
					: raw.response.status === 413
						? 'bodyLarge'
						: 'bodyMalformed';
			return {
				ok: false,
				field: 'body',
				message: `body: ${tipText(lang, key, { max: maxBytes })}`,
				status: raw.response.status
			};
		}
		data = raw.value;
	}
	const res = schema.safeParse(data);
	return res.success ? { ok: true, value: res.data } : { ok: false, ...issueOf(res.error, lang) };
}
