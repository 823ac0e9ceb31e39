import type { Capabilities } from '$lib/domain/permissions';
import type { Claims } from '../db/port';

/**
 * The valid roles: what the role check constraints of app_users and api_tokens allow and what
 * app.role_disclosure lists (tests/integration/permissions.test.ts keeps the three equal). What
 * each role may do is not here: it is data in the database (app.role_permissions), and reaches the
 * server as a principal's `capabilities`.
 */
export const APP_ROLES = [
	'admin',
	'commander',
	'dispatcher',
	'planner',
	'board',
	'liaison',
	'team_lead'
] as const;
export type AppRole = (typeof APP_ROLES)[number];

/** Who is making a request: a signed-in person or a machine token. */
export interface Principal {
	kind: 'user' | 'token';
	id: string;
	role: AppRole;
	name: string;
	zones: string[];
	units: string[];
	team: string | null;
	/** What this principal's role may do (`app.role_capabilities`, loaded with the principal). */
	capabilities: Capabilities;
	/** The session id (hash) when signed in with a cookie. */
	sessionId?: string;
	/** When the Supabase access token the request carried expires (epoch ms). */
	bearerExpiresAt?: number;
}

/** The claims a principal's requests carry into the database (Supabase shape). */
export function claimsOf(p: Principal): Claims {
	return {
		sub: p.id,
		role: 'authenticated',
		aud: 'authenticated',
		app_metadata: { role: p.role, zones: p.zones, units: p.units, team: p.team, kind: p.kind }
	};
}
