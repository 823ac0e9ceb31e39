import { logout } from '$lib/domain/contracts/auth';
import { revokeSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { getDatabase } from '$lib/server/db/instance';
import { endpoint } from '$lib/server/endpoint';

/** Ends the session on the server (the cookie alone no longer works), then clears the cookie. */
export const POST = endpoint(logout, async ({ locals, event: { cookies } }) => {
	if (locals.principal?.sessionId) {
		const { db } = getDatabase();
		await revokeSession(db, locals.principal.sessionId);
		await db.query(
			`insert into audit_log (actor_id, actor_role, actor_kind, action, entity, entity_id, ip)
			values ($1::uuid, $2, 'user', 'logout', 'session', $1::uuid::text, $3)`,
			[locals.principal.id, locals.principal.role, locals.ip]
		);
	}
	cookies.delete(SESSION_COOKIE, { path: '/' });
	return { ok: true };
});
