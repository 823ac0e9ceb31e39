/**
 * A route handler from its contract (src/lib/domain/contract.ts):
 *
 *   export const GET = endpoint(getTip, async ({ params, locals }) =>
 *     asCaller(locals, (q) => getTipById(q, params.id)));
 *
 * Before the handler runs, the path parameters, the query string and the body are parsed with the
 * contract's schemas in the caller's language (an unknown or repeated parameter, a control
 * character, a body too large, not JSON or invalid: a 400/413/415 naming the field). The handler
 * gets them typed and returns the answer's body (typed by the contract's schema), the text
 * PostgreSQL built (`text` answers), or a Response of its own (streams, bytes, cookies). Whatever
 * it throws that refuses the request — `refuse()`, a database refusal, an unusable database — is
 * answered as the API's one error (the hooks give it its shape); anything else is a fault, logged
 * by handleError and answered with a safe 500. Handlers hold no try/catch for refusals.
 */
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import type { Lang } from '$lib/domain/api-text';
import { type AnswerSpec, type Contract, type Encoded, type Parsed } from '$lib/domain/contract';
import { refusalAnswer, refusalOf } from './http';
import { parseOr400, parseQuery, readBody } from './input';
import * as z from 'zod/mini';

/** What a handler receives. */
export interface Input<C extends Contract> {
	params: Parsed<C['params']>;
	query: Parsed<C['query']>;
	body: C['body'] extends { schema: infer S } ? Parsed<S> : undefined;
	locals: App.Locals;
	lang: Lang;
	/** The whole request, for what the contract does not parse (headers, cookies). */
	event: RequestEvent;
}

/** An answer with headers of its own (`location`, counts) beside the contract's. */
export class WithHeaders<T> {
	constructor(
		readonly body: T,
		readonly headers: Record<string, string>
	) {}
}

/** The answer's body with headers of its own. */
export const withHeaders = <T>(body: T, headers: Record<string, string>) =>
	new WithHeaders(body, headers);

export type Reply<C extends Contract> = Encoded<C> | WithHeaders<Encoded<C>> | Response;

const NO_QUERY = z.strictObject({});

/** Runs before the input is read: refuses callers the endpoint is not for (admins only). */
export type Guard = (locals: App.Locals) => void;

export function endpoint<C extends Contract>(
	contract: C,
	handle: (input: Input<C>) => Promise<Reply<C>> | Reply<C>,
	opts: { guard?: Guard } = {}
): RequestHandler {
	return async (event) => {
		const lang = event.locals.lang ?? 'vi';
		try {
			opts.guard?.(event.locals);
			const params = contract.params
				? parseOr400(contract.params, event.params, lang, 'unknownParam', 'path')
				: undefined;
			const query = parseQuery(contract.query ?? NO_QUERY, event.url.searchParams, lang);
			const body = contract.body ? await readBody(event.request, contract.body, lang) : undefined;
			const reply = await handle({
				params,
				query: contract.query ? query : undefined,
				body,
				locals: event.locals,
				lang,
				event
			} as Input<C>);
			return reply instanceof Response ? reply : answer(contract.answer, reply);
		} catch (err) {
			const refusal = refusalOf(err);
			if (!refusal) throw err;
			return refusalAnswer(refusal, lang);
		}
	};
}

/** The answer as the contract describes it: JSON, or the text the database built. */
function answer(spec: AnswerSpec, reply: unknown): Response {
	const extra = reply instanceof WithHeaders ? reply.headers : {};
	const body = reply instanceof WithHeaders ? reply.body : reply;
	const media = spec.media ?? 'application/json';
	return new Response(spec.text ? (body as string) : JSON.stringify(body), {
		status: spec.status ?? 200,
		headers: {
			'content-type': `${media}; charset=utf-8`,
			'cache-control': spec.cache ?? 'no-store',
			...extra
		}
	});
}
