import { verifyAudit } from '$lib/domain/contracts/admin';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { checkAuditChain } from '$lib/server/audit/audit-chain';
import { endpoint } from '$lib/server/endpoint';

/**
 * Whether the audit trail's hash chain is intact: `{ intact, rows, head, firstBroken? }`, and,
 * with `?head=SEQ:HASH`, whether a head kept earlier is still in it. The database checks the
 * caller is an administrator (app.audit_verify).
 */
export const GET = endpoint(
	verifyAudit,
	({ query, locals }) => runAsAdmin(locals, (q) => checkAuditChain(q, 'admin', query.head)),
	{ guard: adminOnly }
);
