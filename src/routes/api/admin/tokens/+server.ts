import { json } from '@sveltejs/kit';
import { noParams, parseQuery } from '$lib/domain/params';
import { badParse } from '$lib/server/http';
import { readJson } from '$lib/server/body';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { tokenCreate } from '$lib/server/admin/admin.schemas';
import { createToken, listTokens } from '$lib/server/admin/tokens.service';
import type { RequestHandler } from './$types';

const MAX_BODY = 8 * 1024;

/** Machine tokens of the administrator's zones (never a value or hash). */
export const GET: RequestHandler = ({ locals, url }) => {
	const denied = adminOnly(locals);
	if (denied) return denied;
	const parsed = parseQuery(noParams, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	return runAsAdmin(locals, async (q) => json({ tokens: await listTokens(q) }));
};

/** Creates a token: 201 with its value in `token`, shown this once and never stored. */
export const POST: RequestHandler = async (event) => {
	const denied = adminOnly(event.locals);
	if (denied) return denied;
	const body = await readJson(event, tokenCreate, MAX_BODY, event.locals.lang);
	if (!body.ok) return body.response;
	return runAsAdmin(event.locals, async (q, caller) =>
		json(await createToken(q, caller, body.value), {
			status: 201,
			headers: { 'cache-control': 'no-store' }
		})
	);
};
