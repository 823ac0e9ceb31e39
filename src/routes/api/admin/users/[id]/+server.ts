import { json } from '@sveltejs/kit';
import { readJson } from '$lib/server/body';
import { badRequest } from '$lib/server/http';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { idParam, userPatch } from '$lib/server/admin/admin.schemas';
import { updateUser } from '$lib/server/admin/users.service';
import type { RequestHandler } from './$types';

const MAX_BODY = 16 * 1024;

/** Changes a user's name, role, status, scopes or password; ends their sessions when it matters. */
export const PATCH: RequestHandler = async (event) => {
	const denied = adminOnly(event.locals);
	if (denied) return denied;
	const id = idParam.safeParse(event.params.id);
	if (!id.success) return badRequest(event.locals.lang, 'id', 'userId');
	const body = await readJson(event, userPatch, MAX_BODY, event.locals.lang);
	if (!body.ok) return body.response;
	return runAsAdmin(event.locals, async (q, caller) =>
		json(await updateUser(q, caller, id.data, body.value))
	);
};
