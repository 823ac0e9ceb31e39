import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { firstIssue, zodErrors, type Lang } from '$lib/domain/api-text';
import { hasControlChars } from '$lib/domain/text';
import { errorResponse, refusal } from './http';

export type BodyResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/**
 * Reads a JSON body with a size limit and parses it with a schema. Every failure is a 4xx in the
 * caller's language whose message names the field: 413 too large, 415 not JSON, 400 malformed or
 * invalid. With `optional`, a request without a body counts as `{}`.
 */
export async function readJson<T>(
	event: Pick<RequestEvent, 'request'>,
	schema: z.ZodType<T>,
	maxBytes: number,
	lang: Lang,
	opts: { optional?: boolean } = {}
): Promise<BodyResult<T>> {
	const bodyError = (status: number, key: 'bodyJson' | 'bodyLarge' | 'bodyMalformed') => ({
		ok: false as const,
		response: refusal(lang, status, key, { field: 'body', params: { max: maxBytes } })
	});
	const type = event.request.headers.get('content-type');
	const hasBody = event.request.body !== null || type !== null;
	let data: unknown = {};
	if (hasBody || !opts.optional) {
		if (!/^application\/json\b/i.test(type ?? '')) return bodyError(415, 'bodyJson');
		const declared = Number(event.request.headers.get('content-length') ?? '0');
		if (declared > maxBytes) return bodyError(413, 'bodyLarge');
		let text: string;
		try {
			text = await readLimited(event.request, maxBytes);
		} catch {
			return bodyError(413, 'bodyLarge');
		}
		try {
			data = JSON.parse(text);
		} catch {
			return bodyError(400, 'bodyMalformed');
		}
	}
	const bad = badText(data);
	if (bad !== undefined) {
		return { ok: false, response: refusal(lang, 400, bad.key, { field: bad.field }) };
	}
	const res = schema.safeParse(data, zodErrors(lang));
	if (res.success) return { ok: true, value: res.data };
	const issue = firstIssue(lang, res.error);
	return { ok: false, response: errorResponse(400, issue.message, issue.field) };
}

// U+0000 cannot be stored in PostgreSQL text or jsonb (the query fails with 22021/22P05), and a
// lone surrogate is not Unicode text at all: the drivers silently turn it into U+FFFD in text
// columns while jsonb refuses its \u escape. Other control characters (C0 but tab, line feed and
// carriage return, which descriptions hold; DEL; C1) belong in no field of ours and can break
// logs and exports. JSON can carry all of them, so they are refused here, once, for every key
// and string of every body, instead of wherever a string reaches SQL or a screen. A field that
// must be one line refuses line breaks in its own schema (a tip's contact).
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is refused
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const problemOf = (s: string): 'unstorable' | 'control' | undefined =>
	UNSTORABLE.test(s) ? 'unstorable' : hasControlChars(s) ? 'control' : undefined;

/** The path of the first key or string value that must be refused, and why; or undefined. */
function badText(data: unknown): { field: string; key: 'unstorable' | 'control' } | undefined {
	// Iterative (bodies may nest thousands of levels deep); paths are rebuilt only on a hit.
	type Node = { value: unknown; key: string; parent: Node | undefined };
	const found = (node: Node, key: 'unstorable' | 'control') => {
		const keys: string[] = [];
		for (let n: Node | undefined = node; n?.parent; n = n.parent) keys.push(n.key);
		const path = [...keys.reverse().join('.')].map((c) => (problemOf(c) ? '\ufffd' : c)).join('');
		return { field: path.slice(0, 80) || 'body', key };
	};
	const stack: Node[] = [{ value: data, key: '', parent: undefined }];
	while (stack.length > 0) {
		const node = stack.pop()!;
		const v = node.value;
		if (typeof v === 'string') {
			const problem = problemOf(v);
			if (problem) return found(node, problem);
		} else if (Array.isArray(v)) {
			for (let i = v.length - 1; i >= 0; i--)
				stack.push({ value: v[i], key: String(i), parent: node });
		} else if (v !== null && typeof v === 'object') {
			for (const [key, value] of Object.entries(v)) {
				const child = { value, key, parent: node };
				const problem = problemOf(key);
				if (problem) return found(child, problem);
				stack.push(child);
			}
		}
	}
	return undefined;
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			await reader.cancel();
			throw new Error('too large');
		}
		chunks.push(value);
	}
	return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
