import { json } from '@sveltejs/kit';
import { badRequest } from '$lib/server/http';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { idParam } from '$lib/server/admin/admin.schemas';
import { revokeToken } from '$lib/server/admin/tokens.service';
import type { RequestHandler } from './$types';

/** Revokes a token at once: its next request is refused. */
export const POST: RequestHandler = ({ locals, params }) => {
	const denied = adminOnly(locals);
	if (denied) return denied;
	const id = idParam.safeParse(params.id);
	if (!id.success) return badRequest(locals.lang, 'id', 'tokenId');
	return runAsAdmin(locals, async (q) => json({ token: await revokeToken(q, id.data) }));
};
