import type { AppRole } from '$lib/server/auth/principal';
import type { MessageKey } from '$lib/i18n/messages';

/** How each role is named and described on the admin pages. */
export const ROLE_LABEL: Record<AppRole, MessageKey> = {
	admin: 'admin.role.admin',
	commander: 'admin.role.commander',
	dispatcher: 'admin.role.dispatcher',
	planner: 'admin.role.planner',
	board: 'admin.role.board',
	liaison: 'admin.role.liaison',
	team_lead: 'admin.role.team_lead'
};

export const ROLE_INFO: Record<AppRole, MessageKey> = {
	admin: 'admin.roleInfo.admin',
	commander: 'admin.roleInfo.commander',
	dispatcher: 'admin.roleInfo.dispatcher',
	planner: 'admin.roleInfo.planner',
	board: 'admin.roleInfo.board',
	liaison: 'admin.roleInfo.liaison',
	team_lead: 'admin.roleInfo.team_lead'
};

export const ROLE_ORDER: readonly AppRole[] = Object.keys(ROLE_LABEL) as AppRole[];
