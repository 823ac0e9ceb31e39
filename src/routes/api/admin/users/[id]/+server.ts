import { json } from '@sveltejs/kit';
import { readJson } from '$lib/server/body';
import { badRequest } from '$lib/server/http';
import { adminOnly, adminRequest } from '$lib/server/admin/admin.http';
import { asCaller } from '$lib/server/read';
import { idParam, userPatch } from '$lib/server/admin/admin.schemas';
import { newPasswordHash, updateUser } from '$lib/server/admin/users.service';
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
	const { password, ...patch } = body.value;
	return adminRequest(event.locals, async (caller) => {
		// Checked and hashed before the change's transaction opens (see newPasswordHash).
		const hash =
			password === undefined
				? undefined
				: await newPasswordHash(event.locals, password, { id: id.data });
		return asCaller(event.locals, async (q) =>
			json(await updateUser(q, caller, id.data, patch, hash))
		);
	});
};
