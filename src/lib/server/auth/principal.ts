import type { Capabilities } from '$lib/domain/permissions';
import type { Claims } from '../db/port';

import type { AppRole } from '$lib/domain/roles';

export { APP_ROLES, type AppRole } from '$lib/domain/roles';

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
