import { listAudit } from '$lib/domain/contracts/admin';
import { adminOnly, runAsAdmin } from '$lib/server/admin/admin.http';
import { auditEntries } from '$lib/server/admin/audit.query';
import { endpoint } from '$lib/server/endpoint';

/** The audit trail, newest first: `{ entries, next }`; pass `next` as `before` for older ones. */
export const GET = endpoint(
	listAudit,
	({ query, locals }) => runAsAdmin(locals, (q) => auditEntries(q, query)),
	{ guard: adminOnly }
);
