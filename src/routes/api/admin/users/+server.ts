import { createUser, listUsers } from '$lib/domain/contracts/admin';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import {
	createUser as create,
	listUsers as list,
	newPasswordHash
} from '$lib/server/admin/users.service';
import { endpoint } from '$lib/server/endpoint';

/** Users of the administrator's zones with their role and scopes. */
export const GET = endpoint(
	listUsers,
	({ locals }) => runAsAdmin(locals, async (q) => ({ users: await list(q) })),
	{ guard: adminOnly }
);

/** Creates a local account: 201 with the user (no hash). */
export const POST = endpoint(
	createUser,
	async ({ body, locals }) => {
		// Checked and hashed before the account's transaction opens (see newPasswordHash).
		const hash = await newPasswordHash(locals, body.password, body);
		return runAsAdmin(locals, async (q, caller) => ({ user: await create(q, caller, body, hash) }));
	},
	{ guard: adminOnly }
);
