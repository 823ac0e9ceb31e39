import { patchUser } from '$lib/domain/contracts/admin';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { newPasswordHash, updateUser } from '$lib/server/admin/users.service';
import { endpoint } from '$lib/server/endpoint';

/** Changes a user's name, role, status, scopes or password; ends their sessions when it matters. */
export const PATCH = endpoint(
	patchUser,
	async ({ params: { id }, body: { password, ...patch }, locals }) => {
		// Checked and hashed before the change's transaction opens (see newPasswordHash).
		const hash =
			password === undefined ? undefined : await newPasswordHash(locals, password, { id });
		return runAsAdmin(locals, (q, caller) => updateUser(q, caller, id, patch, hash));
	},
	{ guard: adminOnly }
);
