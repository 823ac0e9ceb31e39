/**
 * What a caller may do, as the database decides it. The rules live in SQL only
 * (`app.permissions`, `app.role_permissions`: supabase/migrations/20261130000100_permissions.sql);
 * the server loads a caller's capabilities with their principal (`app.role_capabilities`), the
 * page gets them from the layout load (`app.capabilities()`, as the caller). Nothing here decides
 * by role name: code asks `may(capabilities, 'incidents.write')`.
 */

/** The names of `app.permissions`, in its order (tests/integration/permissions.test.ts keeps them equal). */
export const PERMISSIONS = [
	'incidents.read',
	'incidents.write',
	'incident_details.read',
	'accidents.read',
	'fire_sites.read',
	'security_teams.read',
	'patrol_routes.read',
	'patrol_routes.write',
	'tips.read',
	'tips.triage',
	'team_reports.read',
	'team_reports.file',
	'aggregates.read',
	'administration'
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * How far a permission reaches: every row of the caller's zones, only inside the caller's own
 * administrative units, or only the caller's own team.
 */
export type Reach = 'zone' | 'area' | 'team';

/** `app.role_capabilities(role)`: the permissions a role holds and how far each reaches. */
export interface Capabilities {
	permissions: Partial<Record<Permission, Reach>>;
	/** The disclosure rule applies to every aggregate this caller receives (`app.aggregate_only`). */
	aggregateOnly: boolean;
}

/** No capabilities at all (signed out); fails closed like the database. */
export const NO_CAPABILITIES: Capabilities = Object.freeze({
	permissions: Object.freeze({}),
	aggregateOnly: true
});

/** Whether the caller holds a permission, whatever its reach. */
export function may(c: Capabilities | null | undefined, permission: Permission): boolean {
	return c?.permissions[permission] !== undefined;
}

/**
 * The scopes a role's account needs before it can see anything: administrative units when one of
 * its permissions reaches only inside them (the ward officer), a team when one reaches only that
 * (the team lead).
 */
export function scopeNeeds(c: Capabilities | null | undefined): { units: boolean; team: boolean } {
	const reaches = Object.values(c?.permissions ?? {});
	return { units: reaches.includes('area'), team: reaches.includes('team') };
}
