/** The roles an account or token can hold (README "Signing in"). Pure data: pages and contracts use it. */
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
