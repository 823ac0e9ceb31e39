-- The audit trigger, generic again (issue 10 §6), and the bulk-load switch for the server only
-- (a hole left by issue 9).
--
-- 1. app.audit_row_change listed the columns whose changes are bookkeeping rather than edits
--    (updated_at, last_used_at, failed_attempts, …, and the incident's derived frame_record and
--    category_no) inside the function, for every table. Each table's trigger now names its own, as
--    trigger arguments (TG_ARGV): a table added later passes its own list, or none, without
--    another copy of the function. An update that changes only those columns is not audited, as
--    before (20261127001200); what is recorded is unchanged.
-- 2. app.bulk_load (the demo loader's switch that skips per-row audit rows and live events) was
--    honoured for any session: a signed-in caller whose requests run as `authenticated` could set
--    it and write without a trace. It is now honoured only on the server's own connection, where
--    no role is set (requests run with set_config('role', 'authenticated' | 'anon'), as Supabase's
--    API does). A SECURITY DEFINER function changes the current user, not this setting.

create function app.bulk_loading() returns boolean
language sql stable
as $$
	select coalesce(current_setting('app.bulk_load', true), '') = 'on'
		and current_setting('role') = 'none'
$$;
revoke all on function app.bulk_loading() from public, anon, authenticated;

create or replace function app.audit_row_change() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp
as $$
declare
	rec jsonb;
	old_rec jsonb;
	changed text[];
begin
	if app.bulk_loading() then
		return null;
	end if;
	if tg_op = 'DELETE' then
		rec := to_jsonb(old);
	else
		rec := to_jsonb(new);
	end if;
	if tg_op = 'UPDATE' then
		old_rec := to_jsonb(old);
		-- The trigger's arguments: the columns whose changes alone are not worth a row.
		select array_agg(k order by k) into changed
		from jsonb_object_keys(rec) as k
		where rec -> k is distinct from old_rec -> k
			and not (k = any (coalesce(tg_argv, '{}'::text[])));
		if changed is null then
			return null;
		end if;
	end if;
	perform app.write_audit(
		lower(tg_op),
		tg_table_name,
		coalesce(rec ->> 'id', rec ->> 'incident_id', rec ->> 'user_id'),
		nullif(rec ->> 'zone_id', '')::uuid,
		case when changed is null then '{}'::jsonb else jsonb_build_object('changed', changed) end
	);
	return null;
end
$$;

drop trigger incidents_audit on incidents;
create trigger incidents_audit after insert or update or delete on incidents
	for each row execute function app.audit_row_change('updated_at', 'frame_record', 'category_no');
drop trigger incident_details_audit on incident_details;
create trigger incident_details_audit after insert or update or delete on incident_details
	for each row execute function app.audit_row_change('updated_at');
drop trigger tips_audit on tips;
create trigger tips_audit after insert or update or delete on tips
	for each row execute function app.audit_row_change('updated_at');
drop trigger team_reports_audit on team_reports;
create trigger team_reports_audit after insert or update or delete on team_reports
	for each row execute function app.audit_row_change();
drop trigger patrol_routes_audit on patrol_routes;
create trigger patrol_routes_audit after insert or update or delete on patrol_routes
	for each row execute function app.audit_row_change('updated_at');
drop trigger accidents_audit on accidents;
create trigger accidents_audit after insert or update or delete on accidents
	for each row execute function app.audit_row_change('updated_at');
drop trigger fire_sites_audit on fire_sites;
create trigger fire_sites_audit after insert or update or delete on fire_sites
	for each row execute function app.audit_row_change('updated_at');
drop trigger security_teams_audit on security_teams;
create trigger security_teams_audit after insert or update or delete on security_teams
	for each row execute function app.audit_row_change('updated_at');
drop trigger app_users_audit on app_users;
create trigger app_users_audit after insert or update or delete on app_users
	for each row execute function app.audit_row_change('updated_at', 'failed_attempts', 'locked_until');
drop trigger user_zones_audit on user_zones;
create trigger user_zones_audit after insert or update or delete on user_zones
	for each row execute function app.audit_row_change();
drop trigger user_units_audit on user_units;
create trigger user_units_audit after insert or update or delete on user_units
	for each row execute function app.audit_row_change();
drop trigger api_tokens_audit on api_tokens;
create trigger api_tokens_audit after insert or update or delete on api_tokens
	for each row execute function app.audit_row_change('last_used_at');
