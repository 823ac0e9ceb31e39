import { json } from '@sveltejs/kit';
import { noParams, parseQuery } from '$lib/domain/params';
import { badParse } from '$lib/server/http';
import { readJson } from '$lib/server/body';
import { adminOnly, adminRequest, runAsAdmin } from '$lib/server/admin/admin.http';
import { asCaller } from '$lib/server/read';
import { userCreate } from '$lib/server/admin/admin.schemas';
import { createUser, listUsers, newPasswordHash } from '$lib/server/admin/users.service';
import type { RequestHandler } from './$types';

const MAX_BODY = 16 * 1024;

/** Users of the administrator's zones with their role and scopes. */
export const GET: RequestHandler = ({ locals, url }) => {
	const denied = adminOnly(locals);
	if (denied) return denied;
	const parsed = parseQuery(noParams, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	return runAsAdmin(locals, async (q) => json({ users: await listUsers(q) }));
};

/** Creates a local account: 201 with the user (no hash). */
export const POST: RequestHandler = async (event) => {
	const denied = adminOnly(event.locals);
	if (denied) return denied;
	const body = await readJson(event, userCreate, MAX_BODY, event.locals.lang);
	if (!body.ok) return body.response;
	const input = body.value;
	return adminRequest(event.locals, async (caller) => {
		const hash = await newPasswordHash(event.locals, input.password, input);
		return asCaller(event.locals, async (q) =>
			json({ user: await createUser(q, caller, input, hash) }, { status: 201 })
		);
	});
};
