import { revokeToken } from '$lib/domain/contracts/admin';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { revokeToken as revoke } from '$lib/server/admin/tokens.service';
import { endpoint } from '$lib/server/endpoint';

/** Revokes a token at once: its next request is refused. */
export const POST = endpoint(
	revokeToken,
	({ params, locals }) => runAsAdmin(locals, async (q) => ({ token: await revoke(q, params.id) })),
	{ guard: adminOnly }
);
