import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';

export type BodyResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/**
 * Reads a JSON body with a size limit and parses it with a schema. Every failure is a 4xx whose
 * message names the field: 413 too large, 415 not JSON, 400 malformed or invalid.
 */
export async function readJson<T>(
	event: Pick<RequestEvent, 'request'>,
	schema: z.ZodType<T>,
	maxBytes: number
): Promise<BodyResult<T>> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!/^application\/json\b/i.test(type)) {
		return {
			ok: false,
			response: json(
				{ error: 'body: must be JSON (content-type: application/json)', field: 'body' },
				{ status: 415 }
			)
		};
	}
	const declared = Number(event.request.headers.get('content-length') ?? '0');
	if (declared > maxBytes) {
		return {
			ok: false,
			response: json(
				{ error: `body: larger than ${maxBytes} bytes`, field: 'body' },
				{ status: 413 }
			)
		};
	}
	let text: string;
	try {
		text = await readLimited(event.request, maxBytes);
	} catch {
		return {
			ok: false,
			response: json(
				{ error: `body: larger than ${maxBytes} bytes`, field: 'body' },
				{ status: 413 }
			)
		};
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return {
			ok: false,
			response: json({ error: 'body: is not valid JSON', field: 'body' }, { status: 400 })
		};
	}
	const res = schema.safeParse(data);
	if (res.success) return { ok: true, value: res.data };
	const issue = res.error.issues[0]!;
	if (issue.code === 'unrecognized_keys') {
		const key = String(issue.keys[0]).slice(0, 40);
		return {
			ok: false,
			response: json({ error: `${key}: unknown field`, field: key }, { status: 400 })
		};
	}
	const field = issue.path.length ? issue.path.map(String).join('.').slice(0, 80) : 'body';
	return {
		ok: false,
		response: json({ error: `${field}: ${issue.message}`, field }, { status: 400 })
	};
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
