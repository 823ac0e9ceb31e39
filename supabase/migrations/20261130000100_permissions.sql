-- One source for permissions (issue 10 §3).
--
-- Until now each policy and each SQL check spelled its own list of roles ('admin', 'commander',
-- …) and the same "liaison inside their units" clause, and the server, the page and the live hub
-- restated them in TypeScript. Now who may do what is data, read by a few functions:
--
--   app.permissions        one row per permission, named by what it allows ('incidents.read')
--   app.role_permissions   which role holds which permission, and how far it reaches:
--                            'zone'  every row of the caller's zones
--                            'area'  rows of the caller's zones inside the caller's own
--                                    administrative units, as they are today (app.liaison_area())
--                            'team'  rows of the caller's own team (and zones)
--   app.reach(permission)  the caller's reach for a permission (null: none)
--   app.can(permission, zone, geom, team)   may the caller do it to this row? (code, the live hub)
--   app.capabilities()     all of the caller's permissions at once, for the page and the server
--
-- Policies ask app.reach(), app.reach_area() and app.reach_team() inside sub-selects, so each is
-- decided once per query (an InitPlan), never per row: the viewport reads 13,000 incident rows
-- through incidents_read, and a per-row function call would cost more than the query itself.
-- Every policy that scopes rows reads the same way:
--
--     zone_id = any ((select app.zones())::uuid[])
--     and ((select app.reach(P) = 'zone')
--          or st_intersects(geom, (select app.reach_area(P)))
--          [or <team column> = (select app.reach_team(P))])
--
-- app.can() is that expression for one row. The meaning of every policy is unchanged: the rows
-- below grant exactly what the role lists granted (tests/integration/permissions.test.ts compares
-- the live hub, app.can() and row-level security for every role, table and place).
--
-- Adding a permission: a row in app.permissions, rows in app.role_permissions, and a policy or
-- function asking for it by name; its wording for people is in src/lib/i18n/messages.ts
-- (`admin.permission.<name>`), its name in PERMISSIONS (src/lib/domain/permissions.ts).

-- 1. The data ---------------------------------------------------------------------------------

create table app.permissions (
	permission text primary key check (permission ~ '^[a-z_]+(\.[a-z_]+)?$'),
	-- The reaches the policies and functions asking for this permission honour; a grant of any
	-- other reach would give nothing, so it is refused.
	reaches text[] not null check (reaches <@ '{zone,area,team}'::text[] and cardinality(reaches) > 0)
);

insert into app.permissions (permission, reaches) values
	-- Incident rows on the map and in lists (not their description or personal fields).
	('incidents.read', '{zone,area}'),
	-- Recording and editing incidents, their description and personal fields included.
	('incidents.write', '{zone,area}'),
	-- An incident's description and personal fields (audited: app.read_incident_details).
	('incident_details.read', '{zone,area}'),
	-- The other map layers.
	('accidents.read', '{zone,area}'),
	('fire_sites.read', '{zone,area}'),
	('security_teams.read', '{zone,area,team}'),
	('patrol_routes.read', '{zone,area}'),
	-- Planning patrols: creating, changing and deleting patrol routes.
	('patrol_routes.write', '{zone,area}'),
	-- The tip queue: reading tips (contacts audited: app.read_tip_contacts), and triaging them.
	('tips.read', '{zone,area}'),
	('tips.triage', '{zone,area}'),
	-- Reports of self-managed teams: reading every team's, and filing one's own team's. Everyone
	-- reads the reports they filed themselves.
	('team_reports.read', '{zone,area,team}'),
	('team_reports.file', '{zone,area,team}'),
	-- Aggregates: hexagons, counts by category and unit, tip counts, the situation panel (under the
	-- disclosure rule for aggregate-only roles, app.role_disclosure).
	('aggregates.read', '{zone}'),
	-- Users, their roles and scopes, API tokens, the audit trail: within the caller's zones
	-- (app.administers_user).
	('administration', '{zone}');

create table app.role_permissions (
	-- Every role is listed in app.role_disclosure (issue 9): the roles' table.
	role text not null references app.role_disclosure (role) on delete cascade,
	permission text not null references app.permissions (permission) on delete cascade,
	reach text not null check (reach in ('zone', 'area', 'team')),
	primary key (role, permission)
);

-- A grant must be of a reach the permission's policies honour.
create function app.role_permissions_check_reach() returns trigger
language plpgsql
set search_path = public, extensions, pg_temp
as $$
begin
	if not exists (
		select 1 from app.permissions p where p.permission = new.permission and new.reach = any (p.reaches)
	) then
		raise exception 'permission % does not reach by %', new.permission, new.reach using errcode = '23514';
	end if;
	return new;
end
$$;
create trigger role_permissions_check_reach before insert or update on app.role_permissions
	for each row execute function app.role_permissions_check_reach();
revoke all on function app.role_permissions_check_reach() from public, anon, authenticated;

insert into app.role_permissions (role, permission, reach) values
	('admin', 'incidents.read', 'zone'),
	('admin', 'incidents.write', 'zone'),
	('admin', 'incident_details.read', 'zone'),
	('admin', 'accidents.read', 'zone'),
	('admin', 'fire_sites.read', 'zone'),
	('admin', 'security_teams.read', 'zone'),
	('admin', 'patrol_routes.read', 'zone'),
	('admin', 'patrol_routes.write', 'zone'),
	('admin', 'tips.read', 'zone'),
	('admin', 'tips.triage', 'zone'),
	('admin', 'team_reports.read', 'zone'),
	('admin', 'aggregates.read', 'zone'),
	('admin', 'administration', 'zone'),

	('commander', 'incidents.read', 'zone'),
	('commander', 'incident_details.read', 'zone'),
	('commander', 'accidents.read', 'zone'),
	('commander', 'fire_sites.read', 'zone'),
	('commander', 'security_teams.read', 'zone'),
	('commander', 'patrol_routes.read', 'zone'),
	('commander', 'tips.read', 'zone'),
	('commander', 'team_reports.read', 'zone'),
	('commander', 'aggregates.read', 'zone'),

	('dispatcher', 'incidents.read', 'zone'),
	('dispatcher', 'incidents.write', 'zone'),
	('dispatcher', 'incident_details.read', 'zone'),
	('dispatcher', 'accidents.read', 'zone'),
	('dispatcher', 'fire_sites.read', 'zone'),
	('dispatcher', 'security_teams.read', 'zone'),
	('dispatcher', 'patrol_routes.read', 'zone'),
	('dispatcher', 'tips.read', 'zone'),
	('dispatcher', 'tips.triage', 'zone'),
	('dispatcher', 'team_reports.read', 'zone'),
	('dispatcher', 'aggregates.read', 'zone'),

	('planner', 'incidents.read', 'zone'),
	('planner', 'accidents.read', 'zone'),
	('planner', 'fire_sites.read', 'zone'),
	('planner', 'security_teams.read', 'zone'),
	('planner', 'patrol_routes.read', 'zone'),
	('planner', 'patrol_routes.write', 'zone'),
	('planner', 'aggregates.read', 'zone'),

	('board', 'accidents.read', 'zone'),
	('board', 'fire_sites.read', 'zone'),
	('board', 'security_teams.read', 'zone'),
	('board', 'patrol_routes.read', 'zone'),
	('board', 'aggregates.read', 'zone'),

	('liaison', 'incidents.read', 'area'),
	('liaison', 'incidents.write', 'area'),
	('liaison', 'incident_details.read', 'area'),
	('liaison', 'accidents.read', 'area'),
	('liaison', 'fire_sites.read', 'area'),
	('liaison', 'security_teams.read', 'area'),
	('liaison', 'patrol_routes.read', 'area'),

	('team_lead', 'security_teams.read', 'team'),
	('team_lead', 'team_reports.file', 'team');

alter table app.permissions enable row level security;
alter table app.role_permissions enable row level security;
revoke all on app.permissions, app.role_permissions from public, anon, authenticated;

-- 2. The functions ------------------------------------------------------------------------------

-- The caller's reach for a permission: 'zone', 'area', 'team', or null (none, or no role). A name
-- that is not a permission is an error, so a misspelt policy fails loudly instead of hiding rows.
create function app.reach(p_permission text) returns text
language plpgsql stable security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_reach text;
begin
	select r.reach into v_reach
	from app.role_permissions r
	where r.role = app.role() and r.permission = p_permission;
	if v_reach is null and not exists (select 1 from app.permissions p where p.permission = p_permission) then
		raise exception 'unknown permission %', p_permission using errcode = '22023';
	end if;
	return v_reach;
end
$$;

-- Where a permission of reach 'area' applies: the caller's units today; null for other reaches.
create function app.reach_area(p_permission text) returns geometry
language sql stable
as $$ select case when app.reach(p_permission) = 'area' then app.liaison_area() end $$;

-- The caller's team, for a permission of reach 'team'; null otherwise.
create function app.reach_team(p_permission text) returns uuid
language sql stable
as $$ select case when app.reach(p_permission) = 'team' then app.team() end $$;

-- May the caller do it to this row (its zone, geometry and team)? The policies' expression for one
-- row, for SQL functions and the live hub. Without a geometry or a team, only a zone-wide reach
-- answers yes.
create function app.can(
	p_permission text,
	p_zone uuid,
	p_geom geometry default null,
	p_team uuid default null
) returns boolean
language sql stable
as $$
	select coalesce(
		p_zone = any (app.zones())
		and case app.reach(p_permission)
			when 'zone' then true
			when 'area' then st_intersects(p_geom, app.liaison_area())
			when 'team' then p_team = app.team()
		end,
		false
	)
$$;

-- What a role may do: {"permissions": {"incidents.read": "zone", …}, "aggregateOnly": false}. The
-- server loads it with each principal (src/lib/server/auth), the admin pages describe the roles
-- with it; not secret (the README lists it).
create function app.role_capabilities(p_role text) returns jsonb
language sql stable security definer
set search_path = public, extensions, pg_temp
as $$
	select jsonb_build_object(
		'permissions', coalesce(
			(select jsonb_object_agg(r.permission, r.reach) from app.role_permissions r where r.role = p_role),
			'{}'::jsonb),
		-- As app.aggregate_only(): a role missing from the table counts as aggregate-only.
		'aggregateOnly', coalesce(
			(select d.aggregate_only from app.role_disclosure d where d.role = p_role), true)
	)
$$;

-- The caller's own capabilities (one call: the layout load asks it for every page).
create function app.capabilities() returns jsonb
language sql stable
as $$ select app.role_capabilities(app.role()) $$;

revoke all on function app.reach(text) from public, anon, authenticated;
revoke all on function app.reach_area(text) from public, anon, authenticated;
revoke all on function app.reach_team(text) from public, anon, authenticated;
revoke all on function app.can(text, uuid, geometry, uuid) from public, anon, authenticated;
revoke all on function app.role_capabilities(text) from public, anon, authenticated;
revoke all on function app.capabilities() from public, anon, authenticated;
grant execute on function app.reach(text) to authenticated, service_role;
grant execute on function app.reach_area(text) to authenticated, service_role;
grant execute on function app.reach_team(text) to authenticated, service_role;
grant execute on function app.can(text, uuid, geometry, uuid) to authenticated, service_role;
grant execute on function app.role_capabilities(text) to authenticated, service_role;
grant execute on function app.capabilities() to authenticated, service_role;

-- 3. The policies, by permission ------------------------------------------------------------------

drop policy incidents_read on incidents;
create policy incidents_read on incidents for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('incidents.read') = 'zone')
			or st_intersects(geom, (select app.reach_area('incidents.read'))))
	);

drop policy incidents_insert on incidents;
create policy incidents_insert on incidents for insert to authenticated
	with check (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('incidents.write') = 'zone')
			or st_intersects(geom, (select app.reach_area('incidents.write'))))
	);

drop policy incidents_update on incidents;
create policy incidents_update on incidents for update to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('incidents.write') = 'zone')
			or st_intersects(geom, (select app.reach_area('incidents.write'))))
	)
	with check (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('incidents.write') = 'zone')
			or st_intersects(geom, (select app.reach_area('incidents.write'))))
	);

-- Details follow their incident: the incident must be visible (the sub-select is itself filtered
-- by incidents_read) and within the permission's reach.
drop policy incident_details_read on incident_details;
create policy incident_details_read on incident_details for select to authenticated
	using (
		exists (
			select 1 from incidents i
			where i.id = incident_details.incident_id
				and i.zone_id = any ((select app.zones())::uuid[])
				and ((select app.reach('incident_details.read') = 'zone')
					or st_intersects(i.geom, (select app.reach_area('incident_details.read'))))
		)
	);

drop policy incident_details_insert on incident_details;
create policy incident_details_insert on incident_details for insert to authenticated
	with check (
		zone_id = any ((select app.zones())::uuid[])
		and exists (
			select 1 from incidents i
			where i.id = incident_details.incident_id
				and ((select app.reach('incidents.write') = 'zone')
					or st_intersects(i.geom, (select app.reach_area('incidents.write'))))
		)
	);

drop policy incident_details_update on incident_details;
create policy incident_details_update on incident_details for update to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and exists (
			select 1 from incidents i
			where i.id = incident_details.incident_id
				and ((select app.reach('incidents.write') = 'zone')
					or st_intersects(i.geom, (select app.reach_area('incidents.write'))))
		)
	);

drop policy accidents_read on accidents;
create policy accidents_read on accidents for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('accidents.read') = 'zone')
			or st_intersects(geom, (select app.reach_area('accidents.read'))))
	);

drop policy fire_sites_read on fire_sites;
create policy fire_sites_read on fire_sites for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('fire_sites.read') = 'zone')
			or st_intersects(geom, (select app.reach_area('fire_sites.read'))))
	);

drop policy security_teams_read on security_teams;
create policy security_teams_read on security_teams for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('security_teams.read') = 'zone')
			or st_intersects(geom, (select app.reach_area('security_teams.read')))
			or id = (select app.reach_team('security_teams.read')))
	);

drop policy patrol_routes_read on patrol_routes;
create policy patrol_routes_read on patrol_routes for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('patrol_routes.read') = 'zone')
			or st_intersects(geom, (select app.reach_area('patrol_routes.read'))))
	);

drop policy patrol_routes_write on patrol_routes;
create policy patrol_routes_write on patrol_routes for all to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('patrol_routes.write') = 'zone')
			or st_intersects(geom, (select app.reach_area('patrol_routes.write'))))
	)
	with check (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('patrol_routes.write') = 'zone')
			or st_intersects(geom, (select app.reach_area('patrol_routes.write'))))
	);

drop policy tips_read on tips;
create policy tips_read on tips for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('tips.read') = 'zone')
			or st_intersects(geom, (select app.reach_area('tips.read'))))
	);

drop policy tips_update on tips;
create policy tips_update on tips for update to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('tips.triage') = 'zone')
			or st_intersects(geom, (select app.reach_area('tips.triage'))))
	)
	with check (
		zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('tips.triage') = 'zone')
			or st_intersects(geom, (select app.reach_area('tips.triage'))))
	);

drop policy team_reports_insert on team_reports;
create policy team_reports_insert on team_reports for insert to authenticated
	with check (
		submitted_by = (select auth.uid())
		and zone_id = any ((select app.zones())::uuid[])
		and ((select app.reach('team_reports.file') = 'zone')
			or st_intersects(geom, (select app.reach_area('team_reports.file')))
			or team_id = (select app.reach_team('team_reports.file')))
	);

drop policy team_reports_read on team_reports;
create policy team_reports_read on team_reports for select to authenticated
	using (
		submitted_by = (select auth.uid())
		or (
			zone_id = any ((select app.zones())::uuid[])
			and ((select app.reach('team_reports.read') = 'zone')
				or st_intersects(geom, (select app.reach_area('team_reports.read')))
				or team_id = (select app.reach_team('team_reports.read')))
		)
	);

drop policy app_users_read on app_users;
create policy app_users_read on app_users for select to authenticated
	using (
		id = (select auth.uid())
		or ((select app.reach('administration') = 'zone') and app.user_in_my_zones(id))
	);

drop policy user_zones_read on user_zones;
create policy user_zones_read on user_zones for select to authenticated
	using (
		user_id = (select auth.uid())
		or ((select app.reach('administration') = 'zone') and zone_id = any ((select app.zones())::uuid[]))
	);

drop policy user_units_read on user_units;
create policy user_units_read on user_units for select to authenticated
	using (
		user_id = (select auth.uid())
		or ((select app.reach('administration') = 'zone') and zone_id = any ((select app.zones())::uuid[]))
	);

drop policy api_tokens_admin on api_tokens;
create policy api_tokens_admin on api_tokens for select to authenticated
	using ((select app.reach('administration') = 'zone') and zone_id = any ((select app.zones())::uuid[]));

drop policy api_tokens_revoke on api_tokens;
create policy api_tokens_revoke on api_tokens for update to authenticated
	using ((select app.reach('administration') = 'zone') and zone_id = any ((select app.zones())::uuid[]))
	with check ((select app.reach('administration') = 'zone') and zone_id = any ((select app.zones())::uuid[]));

drop policy audit_read on audit_log;
create policy audit_read on audit_log for select to authenticated
	using (
		(select app.reach('administration') = 'zone')
		and (zone_id is null or zone_id = any ((select app.zones())::uuid[]))
	);

-- app_users_update, user_zones_write and user_units_write ask app.administers_user (below).

-- 4. The SQL checks, by permission ------------------------------------------------------------

-- Aggregates (hexagons, counts, tip counts, the situation panel).
create or replace function app.require_zone(p_zone uuid) returns void
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
begin
	if not app.can('aggregates.read', p_zone) then
		raise exception 'zone % is not in your scope', p_zone using errcode = '42501';
	end if;
end
$$;

-- What the caller may do with a zone's tips, for the API's 403 (the policies decide every row):
-- 'triage', 'read' or 'none'.
create or replace function app.tip_access(p_zone uuid) returns text
language sql stable
as $$
	select case
		when not (p_zone = any (app.zones())) then 'none'
		when app.reach('tips.triage') is not null then 'triage'
		when app.reach('tips.read') is not null then 'read'
		else 'none'
	end
$$;
-- The policies no longer ask it: app.reach('tips.read' | 'tips.triage') is the one rule.
drop function app.tip_role_access();

-- Tip contacts: of the tips the caller may read, one audit row per zone (as 20261129000410).
create or replace function app.read_tip_contacts(p_ids bigint[])
returns table (id bigint, contact text)
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	z record;
begin
	for z in
		select t.zone_id, array_agg(t.id order by t.id) as ids
		from tips t
		where t.id = any (p_ids) and t.contact is not null
			and app.can('tips.read', t.zone_id, t.geom)
		group by t.zone_id
	loop
		perform app.write_audit(
			'read.personal', 'tips',
			case when cardinality(z.ids) = 1 then z.ids[1]::text end,
			z.zone_id,
			jsonb_build_object('fields', '["contact"]'::jsonb, 'ids', to_jsonb(z.ids))
		);
	end loop;
	return query
		select t.id, t.contact from tips t
		where t.id = any (p_ids) and app.can('tips.read', t.zone_id, t.geom);
end
$$;

-- One incident's description and personal fields (as 20261129000410), by 'incident_details.read'.
create or replace function app.read_incident_details(p_id bigint)
returns table (description text, reporter_name text, reporter_phone text, people jsonb)
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	d incident_details%rowtype;
	v_personal boolean;
begin
	select x.* into d
	from incident_details x join incidents i on i.id = x.incident_id
	where x.incident_id = p_id and app.can('incident_details.read', i.zone_id, i.geom);
	if not found then
		return;
	end if;
	v_personal := d.reporter_name is not null or d.reporter_phone is not null
		or jsonb_array_length(d.people) > 0;
	perform app.write_audit(
		case when v_personal then 'read.personal' else 'read.details' end,
		'incidents', p_id::text, d.zone_id,
		jsonb_build_object('fields', case when v_personal
			then '["reporter_name", "reporter_phone", "people"]'::jsonb
			else '["description"]'::jsonb end)
	);
	return query select d.description, d.reporter_name, d.reporter_phone, d.people;
end
$$;
-- Its one rule now lives in app.role_permissions.
drop function app.incident_details_readable(uuid, geometry);

-- Administration: as 20261129000200, the role test asking for the permission.
create or replace function app.administers_user(p_user uuid) returns boolean
language plpgsql stable security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_mine uuid[] := app.zones();
	v_theirs uuid[];
begin
	if app.reach('administration') is distinct from 'zone' then
		return false;
	end if;
	select coalesce(array_agg(distinct z), '{}') into v_theirs
	from (
		select zone_id as z from user_zones where user_id = p_user
		union all
		select zone_id from user_units where user_id = p_user
		union all
		select t.zone_id from app_users u join security_teams t on t.id = u.team_id where u.id = p_user
	) s;
	if cardinality(v_theirs) = 0 then
		return not exists (select 1 from zones z where not (z.id = any (v_mine)));
	end if;
	return v_theirs <@ v_mine;
end
$$;

create or replace function app.create_user(
	p_username text,
	p_display_name text,
	p_role text,
	p_team uuid,
	p_zones uuid[],
	p_unit_zones uuid[],
	p_unit_codes text[],
	p_hash text
) returns uuid
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_id uuid;
	v_bad text;
begin
	if app.reach('administration') is distinct from 'zone' then
		raise exception 'only an administrator may create users' using errcode = '42501';
	end if;
	if coalesce(cardinality(p_zones), 0) = 0 then
		raise exception 'a user needs at least one zone' using errcode = '22023', column = 'zones';
	end if;
	if not (p_zones <@ app.zones()) then
		raise exception 'only an administrator of all of the user''s zones may do this' using errcode = '42501';
	end if;
	if coalesce(cardinality(p_unit_zones), 0) <> coalesce(cardinality(p_unit_codes), 0) then
		raise exception 'units must come as zone and code pairs' using errcode = '22023', column = 'units';
	end if;
	if p_hash is null or p_hash !~ '^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$' then
		raise exception 'not a password hash' using errcode = '22023', column = 'password';
	end if;
	if p_team is not null and not exists (
		select 1 from security_teams t where t.id = p_team and t.zone_id = any (p_zones)
	) then
		raise exception 'team % is not in the user''s zones', p_team using errcode = '22023', column = 'teamId';
	end if;
	select u.code into v_bad
	from unnest(coalesce(p_unit_zones, '{}'::uuid[]), coalesce(p_unit_codes, '{}'::text[])) as u(zone_id, code)
	where not (u.zone_id = any (p_zones)) or not exists (
		select 1 from admin_units a
		where a.zone_id = u.zone_id and a.code = u.code
			and a.valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date
			and (a.valid_to is null or a.valid_to >= (now() at time zone 'Asia/Ho_Chi_Minh')::date)
	)
	limit 1;
	if v_bad is not null then
		raise exception 'unit % is not a current administrative unit of the user''s zones', v_bad
			using errcode = '22023', column = 'units';
	end if;
	insert into app_users (username, display_name, role, team_id)
	values (p_username, p_display_name, p_role, p_team)
	returning id into v_id;
	insert into user_zones (user_id, zone_id) select v_id, z from unnest(p_zones) as z;
	insert into user_units (user_id, zone_id, unit_code)
	select v_id, u.zone_id, u.code
	from unnest(coalesce(p_unit_zones, '{}'::uuid[]), coalesce(p_unit_codes, '{}'::text[])) as u(zone_id, code);
	-- Set apart from the insert so that the audit trail records the password being set, as for
	-- every later change (app.set_password).
	update app_users set password_hash = p_hash where id = v_id;
	return v_id;
end
$$;

create or replace function app.create_api_token(
	p_name text,
	p_token_hash text,
	p_prefix text,
	p_role text,
	p_zone uuid,
	p_units text[] default '{}'::text[],
	p_team uuid default null,
	p_expires_at timestamptz default null
) returns uuid
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_id uuid;
	v_bad text;
begin
	if not app.can('administration', p_zone) then
		raise exception 'only an administrator of zone % may create its tokens', p_zone
			using errcode = '42501';
	end if;
	if p_token_hash is null or p_token_hash !~ '^[0-9a-f]{64}$' then
		raise exception 'token hash must be a sha256 hex digest' using errcode = '22023', column = 'token';
	end if;
	if p_prefix is null or p_prefix !~ '^[A-Za-z0-9_-]{4,20}$' then
		raise exception 'token prefix is malformed' using errcode = '22023', column = 'token';
	end if;
	if p_team is not null and not exists (select 1 from security_teams t where t.id = p_team and t.zone_id = p_zone) then
		raise exception 'team % is not in the token''s zone', p_team using errcode = '22023', column = 'teamId';
	end if;
	select u.code into v_bad
	from unnest(coalesce(p_units, '{}'::text[])) as u(code)
	where not exists (
		select 1 from admin_units a
		where a.zone_id = p_zone and a.code = u.code
			and a.valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date
			and (a.valid_to is null or a.valid_to >= (now() at time zone 'Asia/Ho_Chi_Minh')::date)
	)
	limit 1;
	if v_bad is not null then
		raise exception 'unit % is not a current administrative unit of the token''s zone', v_bad using errcode = '22023', column = 'units';
	end if;
	if p_expires_at is not null and p_expires_at <= now() then
		raise exception 'expiry must be in the future' using errcode = '22023', column = 'expiresInDays';
	end if;
	insert into api_tokens (name, token_hash, prefix, role, zone_id, unit_codes, team_id, created_by, expires_at)
	values (
		p_name, p_token_hash, p_prefix, p_role, p_zone, coalesce(p_units, '{}'::text[]), p_team,
		-- A token acting as admin has no app_users row: its tokens have no creator.
		(select u.id from app_users u where u.id = auth.uid()),
		p_expires_at
	)
	returning id into v_id;
	return v_id;
end
$$;

create or replace function app.audit_verify(p_head_seq bigint default null, p_head_hash text default null)
returns app.audit_chain_state
language plpgsql stable security definer
set search_path = public, extensions, pg_temp
as $$
begin
	if app.reach('administration') is distinct from 'zone' or cardinality(app.zones()) = 0 then
		raise exception 'only an administrator may verify the audit trail' using errcode = '42501';
	end if;
	return app.audit_chain_check(p_head_seq, p_head_hash);
end
$$;
