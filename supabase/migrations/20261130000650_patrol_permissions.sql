-- Patrol plans under the permissions (issue 11 on top of issue 10 §3).
--
-- The patrol migration (20261130000500) gave each patrol check its own list of roles. Now they
-- ask app.permissions like every other check: four permissions, granted to exactly the roles the
-- lists named, and the permission functions of the patrol plans rewritten on app.can/app.reach.
-- The live hub learns of plans and positions through app.event_disclosure ('<table>.read'), so
-- plans and positions are announced to exactly the roles that read them.
--
-- The old patrol routes are items of plans now (patrol_routes is a view over them): their two
-- permissions become the plans' ones.

insert into app.permissions (permission, reaches) values
	-- Reading plans, their items, shifts, versions and analyses: every plan of the zone, the plans
	-- with an item inside the caller's units ('area'), or the plans of the caller's team ('team').
	('patrol_plans.read', '{zone,area,team}'),
	-- Creating, changing, restoring, deleting plans and routes; importing plan files.
	('patrol_plans.write', '{zone}'),
	-- Officers' positions: live tracks and the after-shift review (every read audited).
	('patrol_positions.read', '{zone}'),
	-- Posting positions: for any unit of the zone, or for the units of the caller's own team.
	('patrol_positions.report', '{zone,team}');

insert into app.role_permissions (role, permission, reach) values
	('admin', 'patrol_plans.read', 'zone'),
	('admin', 'patrol_plans.write', 'zone'),
	('admin', 'patrol_positions.read', 'zone'),
	('admin', 'patrol_positions.report', 'zone'),

	('commander', 'patrol_plans.read', 'zone'),
	('commander', 'patrol_plans.write', 'zone'),
	('commander', 'patrol_positions.read', 'zone'),
	('commander', 'patrol_positions.report', 'zone'),

	('dispatcher', 'patrol_plans.read', 'zone'),
	('dispatcher', 'patrol_positions.read', 'zone'),
	('dispatcher', 'patrol_positions.report', 'zone'),

	('planner', 'patrol_plans.read', 'zone'),
	('planner', 'patrol_plans.write', 'zone'),
	('planner', 'patrol_positions.read', 'zone'),

	-- Plans carry no incident data; the incident figures the board gets about them are protected.
	('board', 'patrol_plans.read', 'zone'),

	('liaison', 'patrol_plans.read', 'area'),

	('team_lead', 'patrol_plans.read', 'team'),
	('team_lead', 'patrol_positions.report', 'team');

-- The routes' permissions: nothing asks for them any more (patrol_routes is a view over plan items).
delete from app.permissions where permission in ('patrol_routes.read', 'patrol_routes.write');

-- The permission functions of 20261130000500, on the permissions --------------------------------

create or replace function app.can_manage_patrols(p_zone uuid) returns boolean
language sql stable
as $$ select app.can('patrol_plans.write', p_zone) $$;

-- Every plan of the zone (a zone-wide reach).
create or replace function app.can_read_patrol_zone(p_zone uuid) returns boolean
language sql stable
as $$ select app.can('patrol_plans.read', p_zone) $$;

create or replace function app.can_read_patrol_positions(p_zone uuid) returns boolean
language sql stable
as $$ select app.can('patrol_positions.read', p_zone) $$;

create or replace function app.can_report_patrol_positions(p_zone uuid, p_unit_team uuid) returns boolean
language sql stable
as $$ select app.can('patrol_positions.report', p_zone, null, p_unit_team) $$;

-- A plan: zone-wide, the caller's team's plans, or a plan with an item inside the caller's units.
-- Security definer: a plan's policy looks at its items without their own policy.
create or replace function app.can_read_patrol_plan(p_zone uuid, p_plan uuid, p_team uuid) returns boolean
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select app.can('patrol_plans.read', p_zone, null, p_team)
		or (app.reach('patrol_plans.read') = 'area' and exists (
			select 1 from patrol_items i
			where i.plan_id = p_plan and app.can('patrol_plans.read', p_zone, i.geom)))
$$;

-- An item: zone-wide, inside the caller's units, or an item of the caller's team's plan.
create or replace function app.can_read_patrol_item(p_zone uuid, p_plan uuid, p_geom geometry) returns boolean
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select app.can('patrol_plans.read', p_zone, p_geom)
		or (app.reach('patrol_plans.read') = 'team' and exists (
			select 1 from patrol_plans p
			where p.id = p_plan and app.can('patrol_plans.read', p_zone, null, p.team_id)))
$$;

revoke all on function app.can_read_patrol_plan(uuid, uuid, uuid) from public, anon, authenticated;
revoke all on function app.can_read_patrol_item(uuid, uuid, geometry) from public, anon, authenticated;
grant execute on function app.can_read_patrol_plan(uuid, uuid, uuid) to authenticated, service_role;
grant execute on function app.can_read_patrol_item(uuid, uuid, geometry) to authenticated, service_role;

-- Units: whoever reads the zone's plans or writes them, and a team's own units.
drop policy patrol_units_read on patrol_units;
create policy patrol_units_read on patrol_units for select to authenticated
	using (
		app.can_read_patrol_zone(zone_id) or app.can_manage_patrols(zone_id)
		or app.can('patrol_plans.read', zone_id, null, team_id)
	);
