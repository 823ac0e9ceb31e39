import { requireAdminPage } from '$lib/server/admin/admin.http';
import { scopeCatalogue } from '$lib/server/admin/scopes.query';
import { listUsers } from '$lib/server/admin/users.service';
import { roleCapabilities } from '$lib/server/auth/users.query';
import { APP_ROLES } from '$lib/server/auth/principal';
import { asCaller } from '$lib/server/read';
import type { PageServerLoad } from './$types';

/** Users of the administrator's zones, the scopes they may hand out, and what each role may do. */
export const load: PageServerLoad = async ({ locals }) => {
	const me = requireAdminPage(locals);
	return asCaller(locals, async (q) => ({
		users: await listUsers(q),
		zones: await scopeCatalogue(q),
		roles: [...APP_ROLES],
		roleCapabilities: await roleCapabilities(q, APP_ROLES),
		myId: me.id
	}));
};
