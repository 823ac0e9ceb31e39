-- Table privileges as intended, also on databases migrated on Supabase before the earlier
-- migrations revoked first (issue 9 §12).
--
-- Supabase's default privileges give anon and authenticated every privilege on each table and
-- sequence created in public. The earlier text of 20261127000500_access_control granted column
-- privileges on top of that, which added nothing: authenticated could read app_users.password_hash
-- (its own row; an admin every row). Those migrations now revoke everything first. A database
-- migrated with their earlier text still holds the defaults, recognisable by authenticated's
-- table-wide SELECT on app_users: there, everything is revoked and granted again as those
-- migrations intend. Anywhere else (plain PostgreSQL, PGlite, a database migrated with the
-- current text) this changes nothing.
do $$
begin
	if not has_table_privilege('authenticated', 'public.app_users', 'select') then
		return;
	end if;

	revoke all on zones, industrial_parks, admin_units, roads, incident_categories, incidents,
		accidents, fire_sites, security_teams, patrol_routes, incident_details, tips, team_reports,
		user_zones, user_units, audit_log, app_users, sessions, api_tokens, login_attempts,
		tip_rate_salt, tip_rate_events, change_events
		from anon, authenticated;
	revoke all on sequence incidents_id_seq, accidents_id_seq, audit_log_id_seq, tips_id_seq,
		team_reports_id_seq, login_attempts_id_seq, tip_rate_events_id_seq, change_events_id_seq
		from anon, authenticated;

	-- As 20261127000500_access_control grants them.
	grant select on zones, industrial_parks, admin_units, roads, incident_categories, incidents,
		accidents, fire_sites, security_teams, patrol_routes, incident_details, tips, team_reports,
		user_zones, user_units, audit_log to authenticated;
	grant insert, update on incidents, incident_details to authenticated;
	grant update on tips to authenticated;
	grant insert on team_reports to authenticated;
	grant insert, update, delete on patrol_routes to authenticated;
	grant insert, delete on user_zones, user_units to authenticated;
	grant select (id, username, display_name, role, auth_provider, team_id, is_active, is_demo,
		failed_attempts, locked_until, created_at, updated_at) on app_users to authenticated;
	grant insert (username, display_name, role, auth_provider, team_id, is_active) on app_users to authenticated;
	grant update (display_name, role, team_id, is_active, failed_attempts, locked_until) on app_users to authenticated;
	grant select (id, name, prefix, role, zone_id, unit_codes, team_id, created_by, created_at,
		expires_at, last_used_at, revoked_at) on api_tokens to authenticated;
	grant update (revoked_at) on api_tokens to authenticated;
	grant usage on sequence incidents_id_seq, accidents_id_seq, audit_log_id_seq, tips_id_seq,
		team_reports_id_seq, login_attempts_id_seq to authenticated;
end
$$;
