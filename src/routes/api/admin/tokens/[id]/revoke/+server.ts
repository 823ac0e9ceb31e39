import { json } from '@sveltejs/kit';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { idParam } from '$lib/server/admin/admin.schemas';
import { revokeToken } from '$lib/server/admin/tokens.service';
import type { RequestHandler } from './$types';

/** Revokes a token at once: its next request is refused. */
export const POST: RequestHandler = ({ locals, params }) => {
	const denied = adminOnly(locals);
	if (denied) return denied;
	const id = idParam.safeParse(params.id);
	if (!id.success)
		return json({ error: 'id: must be a token id (uuid)', field: 'id' }, { status: 400 });
	return runAsAdmin(locals, async (q) => json({ token: await revokeToken(q, id.data) }));
};
