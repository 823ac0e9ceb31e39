import type { Db } from '../db/port';
import type { AuthConfig } from './config';
import type { Principal } from './principal';
import { resumeSession } from './sessions';
import { verifySupabaseJwt } from './supabase-jwt';
import { principalForToken, TOKEN_PREFIX } from './tokens';
import { principalForUser } from './users.query';

export type AuthOutcome =
	{ principal: Principal; error?: undefined } | { principal?: undefined; error?: string };

/**
 * Who is calling: a machine token or Supabase access token in `Authorization: Bearer …`, else the
 * session cookie. A bearer credential that is present but invalid is an error, never a fallback.
 */
export async function authenticate(
	db: Db,
	cfg: AuthConfig,
	input: { authorization: string | null; sessionToken: string | undefined }
): Promise<AuthOutcome> {
	if (input.authorization) {
		const m = /^Bearer\s+(\S+)$/i.exec(input.authorization.trim());
		if (!m) return { error: 'Authorization must be "Bearer <token>"' };
		const token = m[1]!;
		if (token.startsWith(TOKEN_PREFIX)) {
			const principal = await principalForToken(db, token);
			return principal ? { principal } : { error: 'token is invalid, expired or revoked' };
		}
		if (!cfg.supabase) return { error: 'token is invalid' };
		const check = await verifySupabaseJwt(token, cfg.supabase);
		if (!check.ok) return { error: check.reason };
		const [row] = await db.query<{ id: string }>(
			`select id from app_users where id = $1 and auth_provider = 'supabase' and is_active`,
			[check.sub]
		);
		const principal = row ? await principalForUser(db, row.id) : undefined;
		return principal ? { principal } : { error: 'no account for this Supabase user' };
	}
	if (input.sessionToken) {
		const s = await resumeSession(db, input.sessionToken, cfg.session);
		if (!s) return {};
		const principal = await principalForUser(db, s.userId);
		return principal ? { principal: { ...principal, sessionId: s.sessionId } } : {};
	}
	return {};
}
