import { decodeJwt } from 'jose';
import type { ApiTextKey } from '$lib/domain/api-text';
import type { Db } from '../db/port';
import type { AuthConfig } from './config';
import type { Principal } from './principal';
import { resumeSession } from './sessions';
import { verifySupabaseJwt } from './supabase-jwt';
import { principalForToken, TOKEN_PREFIX } from './tokens';
import { principalForUser } from './users.query';

/** A refused credential carries the message key of its 401 (see api-text.ts). */
export type AuthOutcome =
	{ principal: Principal; error?: undefined } | { principal?: undefined; error?: ApiTextKey };

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
		if (!m) return { error: 'bearerFormat' };
		const token = m[1]!;
		if (token.startsWith(TOKEN_PREFIX)) {
			const principal = await principalForToken(db, token);
			return principal ? { principal } : { error: 'tokenInvalid' };
		}
		if (!cfg.supabase) return { error: 'tokenInvalid' };
		const check = await verifySupabaseJwt(token, cfg.supabase);
		if (!check.ok) return { error: 'supabaseRejected' };
		const principal = await principalForSupabaseUser(db, check.sub);
		return principal
			? // Verified above, exp included: a stream opened with it ends when it expires.
				{ principal: { ...principal, bearerExpiresAt: (decodeJwt(token).exp ?? 0) * 1000 } }
			: { error: 'supabaseNoAccount' };
	}
	if (input.sessionToken) {
		const s = await resumeSession(db, input.sessionToken, cfg.session);
		if (!s) return {};
		const principal = await principalForUser(db, s.userId);
		return principal ? { principal: { ...principal, sessionId: s.sessionId } } : {};
	}
	return {};
}

/** Our account for a verified Supabase user: an active user marked as signing in through Supabase. */
export async function principalForSupabaseUser(
	db: Db,
	sub: string
): Promise<Principal | undefined> {
	const [row] = await db.query<{ id: string }>(
		`select id from app_users where id = $1 and auth_provider = 'supabase' and is_active`,
		[sub]
	);
	return row ? principalForUser(db, row.id) : undefined;
}
