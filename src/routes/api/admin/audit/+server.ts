import { json } from '@sveltejs/kit';
import { parseQuery } from '$lib/domain/params';
import { badParse } from '$lib/server/http';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { auditQuery } from '$lib/server/admin/admin.schemas';
import { auditEntries } from '$lib/server/admin/audit.query';
import type { RequestHandler } from './$types';

/** The audit trail, newest first: `{ entries, next }`; pass `next` as `before` for older ones. */
export const GET: RequestHandler = ({ locals, url }) => {
	const denied = adminOnly(locals);
	if (denied) return denied;
	const parsed = parseQuery(auditQuery, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	return runAsAdmin(locals, async (q) => json(await auditEntries(q, parsed.value)));
};
