import { errors, jwtVerify } from 'jose';

export interface SupabaseJwtConfig {
	/** The project's JWT secret (HS256), as Supabase signs access tokens. */
	secret: string;
	audience: string;
	issuer?: string;
}

export type JwtCheck = { ok: true; sub: string } | { ok: false; reason: string };

/**
 * Verifies a Supabase Auth access token: signature, expiry, audience, and that it is a signed-in
 * user's token (role "authenticated" with a subject). The caller then maps `sub` to our user.
 */
export async function verifySupabaseJwt(token: string, cfg: SupabaseJwtConfig): Promise<JwtCheck> {
	try {
		const { payload } = await jwtVerify(token, new TextEncoder().encode(cfg.secret), {
			algorithms: ['HS256'],
			audience: cfg.audience,
			issuer: cfg.issuer,
			requiredClaims: ['exp', 'sub', 'role']
		});
		if (payload.role !== 'authenticated')
			return { ok: false, reason: 'not a signed-in user token' };
		if (typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub)) {
			return { ok: false, reason: 'subject is not a user id' };
		}
		return { ok: true, sub: payload.sub };
	} catch (err) {
		if (err instanceof errors.JWTExpired) return { ok: false, reason: 'token expired' };
		if (err instanceof errors.JWTClaimValidationFailed)
			return { ok: false, reason: `claim ${err.claim} invalid` };
		if (err instanceof errors.JWSSignatureVerificationFailed)
			return { ok: false, reason: 'bad signature' };
		return { ok: false, reason: 'malformed token' };
	}
}
