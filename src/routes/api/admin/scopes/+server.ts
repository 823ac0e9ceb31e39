import { json } from '@sveltejs/kit';
import { noParams, parseQuery } from '$lib/domain/params';
import { badParse } from '$lib/server/http';
import { APP_ROLES } from '$lib/server/auth/principal';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { scopeCatalogue } from '$lib/server/admin/scopes.query';
import type { RequestHandler } from './$types';

/** What an administrator may hand out: roles, and their zones with current units and teams. */
export const GET: RequestHandler = ({ locals, url }) => {
	const denied = adminOnly(locals);
	if (denied) return denied;
	const parsed = parseQuery(noParams, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	return runAsAdmin(locals, async (q) =>
		json({ roles: APP_ROLES, zones: await scopeCatalogue(q) })
	);
};
