-- Administrators act only within their own zones (issue 9 §2).
--
-- Before: an administrator could change any user who shared ONE zone with them. An admin of zone
-- A alone reset the password of a user of zones A and B, made them an admin, signed in as them
-- and so held zone B. Now any change to a user (password, role, active, display name, zones,
-- units, team, sessions) needs an administrator who holds EVERY zone of that user: the zones
-- granted, the zones of the user's units and the zone of the user's team. A user with no zone at
-- all (left so when their zones were deleted, or made by hand) belongs to nobody's zones: only an
-- administrator of every zone of the deployment may act on them. New users are created in one
-- step, already in their zones, by app.create_user. Reading stays as it was: an administrator
-- sees the users who share a zone with them (app.user_in_my_zones), and only those zones of
-- theirs.

-- Does the caller administer this user? Security definer: it must see all of the user's zones,
-- which row-level security hides from an administrator of some of them.
create function app.administers_user(p_user uuid) returns boolean
language plpgsql stable security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_mine uuid[] := app.zones();
	v_theirs uuid[];
begin
	if app.role() <> 'admin' then
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
revoke all on function app.administers_user(uuid) from public, anon, authenticated;
grant execute on function app.administers_user(uuid) to authenticated;

-- The check every admin function runs first (app.set_password and app.revoke_sessions call it).
create or replace function app.require_user_admin(p_user uuid) returns void
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
begin
	if not app.administers_user(p_user) then
		raise exception 'only an administrator of all of the user''s zones may do this' using errcode = '42501';
	end if;
end
$$;
revoke all on function app.require_user_admin(uuid) from public, anon, authenticated;
grant execute on function app.require_user_admin(uuid) to authenticated;

-- Users change only under an administrator of all their zones; a new team must lie in the
-- caller's zones too (the check sees the row as it was, so the team is checked on its own).
drop policy app_users_update on app_users;
create policy app_users_update on app_users for update to authenticated
	using (app.administers_user(id))
	with check (
		app.administers_user(id)
		and (team_id is null or exists (
			select 1 from security_teams t
			where t.id = app_users.team_id and t.zone_id = any ((select app.zones())::uuid[])
		))
	);

-- Zones and units are granted and withdrawn only by an administrator of all the user's zones,
-- and only zones of their own.
drop policy user_zones_write on user_zones;
create policy user_zones_write on user_zones for all to authenticated
	using (zone_id = any ((select app.zones())::uuid[]) and app.administers_user(user_id))
	with check (zone_id = any ((select app.zones())::uuid[]) and app.administers_user(user_id));
drop policy user_units_write on user_units;
create policy user_units_write on user_units for all to authenticated
	using (zone_id = any ((select app.zones())::uuid[]) and app.administers_user(user_id))
	with check (zone_id = any ((select app.zones())::uuid[]) and app.administers_user(user_id));

-- Creating a user: one function, so that the account never exists without its zones under a
-- caller's authority. Units come as (zone, code) pairs; the hash is computed by the server.
drop policy app_users_insert on app_users;
revoke insert on app_users from authenticated;

create function app.create_user(
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
	if app.role() <> 'admin' then
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
revoke all on function app.create_user(text, text, text, uuid, uuid[], uuid[], text[], text) from public, anon, authenticated;
grant execute on function app.create_user(text, text, text, uuid, uuid[], uuid[], text[], text) to authenticated;
