/**
 * Reading a request's input as its contract says (src/lib/server/endpoint.ts): the path
 * parameters, the query string and a JSON body, each parsed with its schema in the caller's
 * language. Every failure throws the API's one error (`refuse`), whose message names the field.
 */
import * as z from 'zod/mini';
import { firstIssue, msg, zodErrors, type Lang } from '$lib/domain/api-text';
import type { BodySpec, Schema } from '$lib/domain/contract';
import { GLOBAL_PARAMS } from '$lib/domain/params';
import { hasControlChars } from '$lib/domain/text';
import { refuse } from './http';

/** Parses `data` with `schema`, or refuses with its first issue (400 naming the field). */
export function parseOr400<S extends Schema>(
	schema: S,
	data: unknown,
	lang: Lang,
	unknownKey: 'unknownField' | 'unknownParam',
	whole: string
): z.output<S> {
	const res = z.safeParse(schema, data, zodErrors(lang));
	if (res.success) return res.data;
	const issue = firstIssue(lang, res.error, unknownKey, whole);
	refuse(400, issue.field, issue.text);
}

/**
 * The query string parsed with `schema`: a repeated parameter is an error, not a guess, and so is
 * a control character in any value (NUL cannot even reach PostgreSQL text). Parameters every
 * endpoint takes (`lang`) are read by the hooks and left out.
 */
export function parseQuery<S extends Schema>(
	schema: S,
	params: URLSearchParams,
	lang: Lang
): z.output<S> {
	const obj: Record<string, string> = {};
	for (const key of new Set(params.keys())) {
		const all = params.getAll(key);
		const name = key.slice(0, 40);
		if (all.length > 1) refuse(400, name, msg('once'));
		if (hasControlChars(all[0]!, { lines: false })) refuse(400, name, msg('control'));
		if (GLOBAL_PARAMS.includes(key)) continue;
		obj[key] = all[0]!;
	}
	return parseOr400(schema, obj, lang, 'unknownParam', 'query');
}

/**
 * Reads a JSON body within its size limit and parses it with its schema: 413 too large, 415 not
 * JSON, 400 malformed or invalid. An optional body missing counts as `{}`.
 */
export async function readBody(request: Request, spec: BodySpec, lang: Lang): Promise<unknown> {
	function bodyError(
		status: 400 | 413 | 415,
		key: 'bodyJson' | 'bodyLarge' | 'bodyMalformed'
	): never {
		refuse(status, 'body', msg(key, { max: spec.maxBytes }));
	}
	const type = request.headers.get('content-type');
	const hasBody = request.body !== null || type !== null;
	let data: unknown = {};
	if (hasBody || !spec.optional) {
		if (!/^application\/json\b/i.test(type ?? '')) bodyError(415, 'bodyJson');
		const declared = Number(request.headers.get('content-length') ?? '0');
		if (declared > spec.maxBytes) bodyError(413, 'bodyLarge');
		let text: string;
		try {
			text = await readLimited(request, spec.maxBytes);
		} catch {
			bodyError(413, 'bodyLarge');
		}
		try {
			data = JSON.parse(text);
		} catch {
			bodyError(400, 'bodyMalformed');
		}
	}
	const bad = badText(data);
	if (bad) refuse(400, bad.field, msg(bad.key));
	return parseOr400(spec.schema, data, lang, 'unknownField', 'body');
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
