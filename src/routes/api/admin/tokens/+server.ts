import { createToken, listTokens } from '$lib/domain/contracts/admin';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { createToken as create, listTokens as list } from '$lib/server/admin/tokens.service';
import { endpoint } from '$lib/server/endpoint';

/** Machine tokens of the administrator's zones (never a value or hash). */
export const GET = endpoint(
	listTokens,
	({ locals }) => runAsAdmin(locals, async (q) => ({ tokens: await list(q) })),
	{ guard: adminOnly }
);

/** Creates a token: 201 with its value in `token`, shown this once and never stored. */
export const POST = endpoint(
	createToken,
	({ body, locals }) => runAsAdmin(locals, (q, caller) => create(q, caller, body)),
	{ guard: adminOnly }
);
