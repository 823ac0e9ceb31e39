import { requireAdminPage } from '$lib/server/admin/admin.http';
import { scopeCatalogue } from '$lib/server/admin/scopes.query';
import { listTokens } from '$lib/server/admin/tokens.service';
import { APP_ROLES } from '$lib/server/auth/principal';
import { asCaller } from '$lib/server/read';
import type { PageServerLoad } from './$types';

/** Machine tokens of the administrator's zones (never a value), and the scopes to give them. */
export const load: PageServerLoad = async ({ locals }) => {
	requireAdminPage(locals);
	return asCaller(locals, async (q) => ({
		tokens: await listTokens(q),
		zones: await scopeCatalogue(q),
		roles: [...APP_ROLES]
	}));
};
