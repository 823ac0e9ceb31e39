import { requireAdminPage } from '$lib/server/admin/admin.http';
import { scopeCatalogue } from '$lib/server/admin/scopes.query';
import { listUsers } from '$lib/server/admin/users.service';
import { APP_ROLES } from '$lib/server/auth/principal';
import { asCaller } from '$lib/server/read';
import type { PageServerLoad } from './$types';

/** Users of the administrator's zones, and the scopes they may hand out. */
export const load: PageServerLoad = async ({ locals }) => {
	const me = requireAdminPage(locals);
	return asCaller(locals, async (q) => ({
		users: await listUsers(q),
		zones: await scopeCatalogue(q),
		roles: [...APP_ROLES],
		myId: me.id
	}));
};
