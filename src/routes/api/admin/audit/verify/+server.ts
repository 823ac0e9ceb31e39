import { json } from '@sveltejs/kit';
import { parseQuery } from '$lib/domain/params';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { auditVerifyQuery, checkAuditChain } from '$lib/server/audit/audit-chain';
import { badParse } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * Whether the audit trail's hash chain is intact: `{ intact, rows, head, firstBroken? }`, and,
 * with `?head=SEQ:HASH`, whether a head kept earlier is still in it. The database checks the
 * caller is an administrator (app.audit_verify).
 */
export const GET: RequestHandler = ({ locals, url }) => {
	const denied = adminOnly(locals);
	if (denied) return denied;
	const parsed = parseQuery(auditVerifyQuery, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	return runAsAdmin(locals, async (q) =>
		json(await checkAuditChain(q, 'admin', parsed.value.head), {
			headers: { 'cache-control': 'no-store' }
		})
	);
};
