import type { Permission, Reach } from '$lib/domain/permissions';
import type { AppRole } from '$lib/server/auth/principal';
import type { MessageKey } from '$lib/i18n/messages';

/** How each role is named on the admin pages and in the user menu. */
export const ROLE_LABEL: Record<AppRole, MessageKey> = {
	admin: 'admin.role.admin',
	commander: 'admin.role.commander',
	dispatcher: 'admin.role.dispatcher',
	planner: 'admin.role.planner',
	board: 'admin.role.board',
	liaison: 'admin.role.liaison',
	team_lead: 'admin.role.team_lead'
};

export const ROLE_ORDER: readonly AppRole[] = Object.keys(ROLE_LABEL) as AppRole[];

/**
 * How each permission is described. What a role holds is not here: the role guide lists the
 * permissions the database gives each role (`app.role_capabilities`).
 */
export const PERMISSION_LABEL: Record<Permission, MessageKey> = {
	'incidents.read': 'admin.permission.incidents.read',
	'incidents.write': 'admin.permission.incidents.write',
	'incident_details.read': 'admin.permission.incident_details.read',
	'accidents.read': 'admin.permission.accidents.read',
	'fire_sites.read': 'admin.permission.fire_sites.read',
	'security_teams.read': 'admin.permission.security_teams.read',
	'patrol_routes.read': 'admin.permission.patrol_routes.read',
	'patrol_routes.write': 'admin.permission.patrol_routes.write',
	'tips.read': 'admin.permission.tips.read',
	'tips.triage': 'admin.permission.tips.triage',
	'team_reports.read': 'admin.permission.team_reports.read',
	'team_reports.file': 'admin.permission.team_reports.file',
	'aggregates.read': 'admin.permission.aggregates.read',
	administration: 'admin.permission.administration'
};

export const REACH_LABEL: Record<Reach, MessageKey> = {
	zone: 'admin.reach.zone',
	area: 'admin.reach.area',
	team: 'admin.reach.team'
};
