import { listScopes } from '$lib/domain/contracts/admin';
import { APP_ROLES } from '$lib/domain/roles';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { scopeCatalogue } from '$lib/server/admin/scopes.query';
import { endpoint } from '$lib/server/endpoint';

/** What an administrator may hand out: roles, and their zones with current units and teams. */
export const GET = endpoint(
	listScopes,
	({ locals }) =>
		runAsAdmin(locals, async (q) => ({ roles: [...APP_ROLES], zones: await scopeCatalogue(q) })),
	{ guard: adminOnly }
);
