-- Access control, audit trail and the public tip line (issue: access control).
--
-- Who may see what is decided here, by row-level security written the Supabase way. The server
-- runs each request in a transaction that sets `request.jwt.claims` and `SET LOCAL ROLE
-- authenticated` (or anon); the claims carry the application role and scopes:
--   { "sub": <user or token id>, "role": "authenticated",
--     "app_metadata": { "role": "commander", "zones": [<zone id>…], "units": ["11593"…], "team": <team id> } }
-- Application roles: admin, commander, dispatcher, planner, board, liaison, team_lead.

create schema if not exists app;
grant usage on schema app to anon, authenticated, service_role;

-- Claims helpers. Policies call them as (select app.x()) so they run once per statement.
create function app.role() returns text
language sql stable
as $$ select coalesce(auth.jwt() -> 'app_metadata' ->> 'role', '') $$;

create function app.zones() returns uuid[]
language sql stable
as $$
	select coalesce(array(select jsonb_array_elements_text(auth.jwt() -> 'app_metadata' -> 'zones'))::uuid[], '{}')
$$;

create function app.units() returns text[]
language sql stable
as $$
	select coalesce(array(select jsonb_array_elements_text(auth.jwt() -> 'app_metadata' -> 'units')), '{}')
$$;

create function app.team() returns uuid
language sql stable
as $$ select nullif(auth.jwt() -> 'app_metadata' ->> 'team', '')::uuid $$;

-- The area a liaison officer may see: today's geometry of their own administrative units.
create function app.liaison_area() returns geometry
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select st_union(u.geom)
	from admin_units u
	where u.zone_id = any (app.zones())
		and u.code = any (app.units())
		and u.valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date
		and (u.valid_to is null or u.valid_to >= (now() at time zone 'Asia/Ho_Chi_Minh')::date)
$$;

grant execute on all functions in schema app to anon, authenticated, service_role;

-- Users, scopes, sessions, tokens ---------------------------------------------------------------

create table app_users (
	id uuid primary key default gen_random_uuid(),
	username text not null unique check (username ~ '^[a-z0-9][a-z0-9_.-]{2,39}$'),
	display_name text not null check (char_length(display_name) between 1 and 120),
	role text not null
		check (role in ('admin', 'commander', 'dispatcher', 'planner', 'board', 'liaison', 'team_lead')),
	-- scrypt hash; null for accounts that sign in through Supabase Auth.
	password_hash text,
	auth_provider text not null default 'local' check (auth_provider in ('local', 'supabase')),
	team_id uuid references security_teams (id) on delete set null,
	is_active boolean not null default true,
	is_demo boolean not null default false,
	failed_attempts integer not null default 0,
	locked_until timestamptz,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create table user_zones (
	user_id uuid not null references app_users (id) on delete cascade,
	zone_id uuid not null references zones (id) on delete cascade,
	primary key (user_id, zone_id)
);
create index user_zones_zone_idx on user_zones (zone_id);

create table user_units (
	user_id uuid not null references app_users (id) on delete cascade,
	zone_id uuid not null references zones (id) on delete cascade,
	unit_code text not null check (unit_code ~ '^[0-9]{5}$'),
	primary key (user_id, zone_id, unit_code)
);

create table sessions (
	-- sha256 of the cookie value; the value itself is never stored.
	id text primary key,
	user_id uuid not null references app_users (id) on delete cascade,
	created_at timestamptz not null default now(),
	last_seen_at timestamptz not null default now(),
	expires_at timestamptz not null,
	revoked_at timestamptz,
	ip text,
	user_agent text
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
	id uuid primary key default gen_random_uuid(),
	name text not null check (char_length(name) between 1 and 120),
	-- sha256 of the token; the token is shown once, at creation.
	token_hash text not null unique,
	prefix text not null,
	role text not null
		check (role in ('admin', 'commander', 'dispatcher', 'planner', 'board', 'liaison', 'team_lead')),
	zone_id uuid not null references zones (id) on delete cascade,
	unit_codes text[] not null default '{}',
	team_id uuid references security_teams (id) on delete set null,
	created_by uuid references app_users (id) on delete set null,
	created_at timestamptz not null default now(),
	expires_at timestamptz,
	last_used_at timestamptz,
	revoked_at timestamptz
);
create index api_tokens_zone_idx on api_tokens (zone_id);

create table login_attempts (
	id bigint generated always as identity primary key,
	at timestamptz not null default now(),
	username text not null,
	ip text not null,
	success boolean not null
);
create index login_attempts_user_idx on login_attempts (username, at);
create index login_attempts_ip_idx on login_attempts (ip, at);

-- Audit trail --------------------------------------------------------------------------------

create table audit_log (
	id bigint generated always as identity primary key,
	at timestamptz not null default now(),
	actor_id uuid,
	actor_role text,
	actor_kind text not null check (actor_kind in ('user', 'token', 'anonymous', 'system')),
	action text not null,
	entity text,
	entity_id text,
	zone_id uuid,
	ip text,
	user_agent text,
	details jsonb not null default '{}'::jsonb
);
create index audit_log_at_idx on audit_log (at);
create index audit_log_actor_idx on audit_log (actor_id, at);
create index audit_log_entity_idx on audit_log (entity, entity_id);
create index audit_log_zone_idx on audit_log (zone_id, at);

-- Append-only for everyone, the table owner included: no grant allows it and this trigger
-- refuses it even where grants would.
create function app.audit_log_append_only() returns trigger
language plpgsql
as $$
begin
	raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
	for each row execute function app.audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
	for each statement execute function app.audit_log_append_only();

-- Who is acting, from the request's claims and the headers the server passes along.
create function app.write_audit(
	p_action text,
	p_entity text,
	p_entity_id text,
	p_zone uuid,
	p_details jsonb default '{}'::jsonb
) returns void
language plpgsql volatile security definer set search_path = public, extensions, pg_temp
as $$
declare
	c jsonb := auth.jwt();
begin
	insert into audit_log (actor_id, actor_role, actor_kind, action, entity, entity_id, zone_id, ip, user_agent, details)
	values (
		nullif(c ->> 'sub', '')::uuid,
		nullif(c -> 'app_metadata' ->> 'role', ''),
		coalesce(nullif(c -> 'app_metadata' ->> 'kind', ''),
			case when c ->> 'role' = 'anon' then 'anonymous' when c is null then 'system' else 'user' end),
		p_action, p_entity, p_entity_id, p_zone,
		nullif(current_setting('request.ip', true), ''),
		left(nullif(current_setting('request.user_agent', true), ''), 300),
		coalesce(p_details, '{}'::jsonb)
	);
end
$$;
grant execute on function app.write_audit(text, text, text, uuid, jsonb) to anon, authenticated;

-- Every write to a tracked table is recorded in the database itself, whatever path it took.
-- Values are not copied (they may be personal data): the changed column names are.
create function app.audit_row_change() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp
as $$
declare
	rec jsonb;
	old_rec jsonb;
	changed text[];
begin
	if coalesce(current_setting('app.bulk_load', true), '') = 'on' then
		return null;
	end if;
	if tg_op = 'DELETE' then
		rec := to_jsonb(old);
	else
		rec := to_jsonb(new);
	end if;
	if tg_op = 'UPDATE' then
		old_rec := to_jsonb(old);
		select array_agg(k order by k) into changed
		from jsonb_object_keys(rec) as k
		where rec -> k is distinct from old_rec -> k and k not in ('updated_at', 'last_seen_at');
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

-- Incident details: descriptions and personal fields live apart from the map's rows, so roles
-- that may see an incident on the map but not who was involved (planner) are refused by policy.
create table incident_details (
	incident_id bigint primary key references incidents (id) on delete cascade,
	zone_id uuid not null references zones (id) on delete cascade,
	description text check (char_length(description) <= 4000),
	reporter_name text check (char_length(reporter_name) <= 120),
	reporter_phone text check (char_length(reporter_phone) <= 40),
	-- [{ "role": "victim|suspect|witness", "name": …, "birthYear": …, "idNumber": …, "address": … }]
	people jsonb not null default '[]'::jsonb check (jsonb_typeof(people) = 'array'),
	updated_at timestamptz not null default now()
);
create index incident_details_zone_idx on incident_details (zone_id);

insert into incident_details (incident_id, zone_id, description)
select id, zone_id, description from incidents where description is not null;
alter table incidents drop column description;

create trigger incident_details_touch before update on incident_details
	for each row execute function touch_updated_at();

-- The public tip line --------------------------------------------------------------------------

create table tips (
	id bigint generated always as identity primary key,
	zone_id uuid not null references zones (id) on delete cascade,
	category text references incident_categories (code),
	description text not null check (char_length(description) between 10 and 4000),
	occurred_at timestamptz,
	geom geometry(Point, 4326),
	-- Optional and personal: visible to commanders and dispatchers only.
	contact text check (char_length(contact) <= 200),
	-- sha256 of the follow-up code; the code is shown to the tipster once.
	follow_up_hash text not null unique,
	status text not null default 'received'
		check (status in ('received', 'verifying', 'duplicate', 'rejected', 'converted', 'handled')),
	rejection_reason text check (char_length(rejection_reason) <= 1000),
	duplicate_of bigint references tips (id) on delete set null,
	incident_id bigint references incidents (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	triaged_by uuid references app_users (id) on delete set null,
	triaged_at timestamptz,
	check (status <> 'rejected' or rejection_reason is not null),
	check (status <> 'duplicate' or duplicate_of is not null),
	check (status <> 'converted' or incident_id is not null)
);
create index tips_zone_status_idx on tips (zone_id, status, created_at);
create index tips_geom_gix on tips using gist (geom);
create trigger tips_touch before update on tips for each row execute function touch_updated_at();
create trigger tips_notify after insert or update or delete on tips
	for each row execute function notify_change();

alter table incidents add column tip_id bigint references tips (id) on delete set null;
alter table incidents add column created_by uuid references app_users (id) on delete set null;

-- Anonymous submission: the only way in for anon. Returns the tip id; the server generated the
-- follow-up code and passes its hash.
create function app.submit_tip(
	p_zone uuid,
	p_category text,
	p_description text,
	p_occurred_at timestamptz,
	p_lon double precision,
	p_lat double precision,
	p_contact text,
	p_follow_up_hash text
) returns bigint
language plpgsql volatile security definer set search_path = public, extensions, pg_temp
as $$
declare
	v_id bigint;
begin
	if not exists (select 1 from zones where id = p_zone) then
		raise exception 'unknown zone' using errcode = '22023';
	end if;
	insert into tips (zone_id, category, description, occurred_at, geom, contact, follow_up_hash)
	values (
		p_zone, p_category, p_description, p_occurred_at,
		case when p_lon is null or p_lat is null then null
			else st_setsrid(st_makepoint(p_lon, p_lat), 4326) end,
		p_contact, p_follow_up_hash
	)
	returning id into v_id;
	return v_id;
end
$$;

-- What a tipster may learn with their code: the status, in three words, and nothing else.
create function app.tip_public_status(p_follow_up_hash text) returns text
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select case status
		when 'received' then 'received'
		when 'verifying' then 'verifying'
		else 'handled'
	end
	from tips where follow_up_hash = p_follow_up_hash
$$;

grant execute on function app.submit_tip(uuid, text, text, timestamptz, double precision, double precision, text, text) to anon, authenticated;
grant execute on function app.tip_public_status(text) to anon, authenticated;

-- Reports from self-managed teams (company security included).
create table team_reports (
	id bigint generated always as identity primary key,
	zone_id uuid not null references zones (id) on delete cascade,
	team_id uuid not null references security_teams (id) on delete cascade,
	submitted_by uuid not null references app_users (id) on delete cascade,
	kind text not null check (kind in ('patrol', 'incident', 'suspicious', 'other')),
	description text not null check (char_length(description) between 1 and 4000),
	occurred_at timestamptz not null,
	geom geometry(Point, 4326),
	created_at timestamptz not null default now()
);
create index team_reports_team_idx on team_reports (team_id, created_at);
create index team_reports_submitter_idx on team_reports (submitted_by);

-- Aggregates for the steering board (and everyone allowed to see the zone) -------------------

-- Aggregates are SECURITY DEFINER so that the board, which may not read incident rows, still
-- gets counts; the caller's zone scope and role are checked by app.require_zone instead.

create function app.require_zone(p_zone uuid) returns void
language plpgsql stable
as $$
begin
	if not (p_zone = any (app.zones())) or app.role() not in ('admin', 'commander', 'dispatcher', 'planner', 'board') then
		raise exception 'zone % is not in your scope', p_zone using errcode = '42501';
	end if;
end
$$;

create function app.incident_hex_bins(
	p_zone uuid, p_from timestamptz, p_to timestamptz, p_size_m double precision, p_categories text[] default null
)
returns table (q integer, r integer, n integer, geom geometry)
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
begin
	perform app.require_zone(p_zone);
	return query select h.q, h.r, h.n, h.geom from public.incident_hex_bins(p_zone, p_from, p_to, p_size_m, p_categories) h;
end
$$;

create function app.incident_counts(p_zone uuid, p_from timestamptz, p_to timestamptz)
returns table (category text, admin_unit_code text, n integer)
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
begin
	perform app.require_zone(p_zone);
	return query
		select i.category, i.admin_unit_code, count(*)::integer
		from incidents i
		where i.zone_id = p_zone and i.occurred_at >= p_from and i.occurred_at < p_to
		group by 1, 2;
end
$$;

create function app.tip_counts(p_zone uuid, p_from timestamptz, p_to timestamptz)
returns table (status text, n integer)
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
begin
	perform app.require_zone(p_zone);
	return query
		select t.status, count(*)::integer from tips t
		where t.zone_id = p_zone and t.created_at >= p_from and t.created_at < p_to
		group by 1;
end
$$;

revoke execute on function incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[]) from public, anon, authenticated;
grant execute on all functions in schema app to anon, authenticated, service_role;

-- Grants: nothing for anon but the functions above; authenticated gets table privileges and
-- row-level security decides the rows. Everything is revoked first: Supabase's default privileges
-- give anon and authenticated every privilege on each new table and sequence in public.
revoke all on zones, industrial_parks, admin_units, roads, incident_categories, incidents,
	accidents, fire_sites, security_teams, patrol_routes, incident_details, tips, team_reports,
	user_zones, user_units, audit_log, app_users, sessions, api_tokens, login_attempts
	from anon, authenticated;
revoke all on sequence incidents_id_seq, accidents_id_seq, audit_log_id_seq, tips_id_seq,
	team_reports_id_seq, login_attempts_id_seq from anon, authenticated;

grant select on zones, industrial_parks, admin_units, roads, incident_categories, incidents,
	accidents, fire_sites, security_teams, patrol_routes, incident_details, tips, team_reports,
	user_zones, user_units, audit_log to authenticated;
grant insert, update on incidents, incident_details to authenticated;
grant update on tips to authenticated;
grant insert on team_reports to authenticated;
grant insert, update, delete on patrol_routes to authenticated;
grant insert, delete on user_zones, user_units to authenticated;
-- Secrets never leave through a user's transaction: no column privilege on hashes.
grant select (id, username, display_name, role, auth_provider, team_id, is_active, is_demo,
	failed_attempts, locked_until, created_at, updated_at) on app_users to authenticated;
grant insert (username, display_name, role, auth_provider, team_id, is_active) on app_users to authenticated;
grant update (display_name, role, team_id, is_active, failed_attempts, locked_until) on app_users to authenticated;
grant select (id, name, prefix, role, zone_id, unit_codes, team_id, created_by, created_at,
	expires_at, last_used_at, revoked_at) on api_tokens to authenticated;
grant update (revoked_at) on api_tokens to authenticated;
grant usage on all sequences in schema public to authenticated;

-- Row-level security on every table --------------------------------------------------------

alter table zones enable row level security;
alter table industrial_parks enable row level security;
alter table admin_units enable row level security;
alter table roads enable row level security;
alter table incident_categories enable row level security;
alter table incidents enable row level security;
alter table incident_details enable row level security;
alter table accidents enable row level security;
alter table fire_sites enable row level security;
alter table security_teams enable row level security;
alter table patrol_routes enable row level security;
alter table app_users enable row level security;
alter table user_zones enable row level security;
alter table user_units enable row level security;
alter table sessions enable row level security;
alter table api_tokens enable row level security;
alter table login_attempts enable row level security;
alter table audit_log enable row level security;
alter table tips enable row level security;
alter table team_reports enable row level security;

-- Geography and reference data: anyone signed in, within their zones.
create policy zones_read on zones for select to authenticated
	using (id = any ((select app.zones())::uuid[]));
create policy parks_read on industrial_parks for select to authenticated
	using (zone_id = any ((select app.zones())::uuid[]));
create policy admin_units_read on admin_units for select to authenticated
	using (zone_id = any ((select app.zones())::uuid[]));
create policy roads_read on roads for select to authenticated
	using (zone_id = any ((select app.zones())::uuid[]));
create policy categories_read on incident_categories for select to authenticated using (true);

-- Incidents: the map rows. Board: never (aggregates only). Liaison: inside their units only.
create policy incidents_read on incidents for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (
			(select app.role()) in ('admin', 'commander', 'dispatcher', 'planner')
			or ((select app.role()) = 'liaison' and st_intersects(geom, (select app.liaison_area())))
		)
	);
create policy incidents_insert on incidents for insert to authenticated
	with check (
		zone_id = any ((select app.zones())::uuid[])
		and (
			(select app.role()) in ('admin', 'dispatcher')
			or ((select app.role()) = 'liaison' and st_intersects(geom, (select app.liaison_area())))
		)
	);
create policy incidents_update on incidents for update to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (
			(select app.role()) in ('admin', 'dispatcher')
			or ((select app.role()) = 'liaison' and st_intersects(geom, (select app.liaison_area())))
		)
	)
	with check (
		zone_id = any ((select app.zones())::uuid[])
		and (
			(select app.role()) in ('admin', 'dispatcher')
			or ((select app.role()) = 'liaison' and st_intersects(geom, (select app.liaison_area())))
		)
	);

-- Details (description, personal fields): not for planners, the board or teams. The incident
-- must also be visible to the caller (the sub-select is itself filtered by incidents_read).
create policy incident_details_read on incident_details for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (select app.role()) in ('admin', 'commander', 'dispatcher', 'liaison')
		and exists (select 1 from incidents i where i.id = incident_details.incident_id)
	);
create policy incident_details_insert on incident_details for insert to authenticated
	with check (
		zone_id = any ((select app.zones())::uuid[])
		and (select app.role()) in ('admin', 'dispatcher', 'liaison')
		and exists (select 1 from incidents i where i.id = incident_details.incident_id)
	);
create policy incident_details_update on incident_details for update to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (select app.role()) in ('admin', 'dispatcher', 'liaison')
		and exists (select 1 from incidents i where i.id = incident_details.incident_id)
	);

-- Other map layers: everyone in the zone except team leads; liaisons inside their units.
create policy accidents_read on accidents for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (
			(select app.role()) in ('admin', 'commander', 'dispatcher', 'planner', 'board')
			or ((select app.role()) = 'liaison' and st_intersects(geom, (select app.liaison_area())))
		)
	);
create policy fire_sites_read on fire_sites for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (
			(select app.role()) in ('admin', 'commander', 'dispatcher', 'planner', 'board')
			or ((select app.role()) = 'liaison' and st_intersects(geom, (select app.liaison_area())))
		)
	);
create policy security_teams_read on security_teams for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (
			(select app.role()) in ('admin', 'commander', 'dispatcher', 'planner', 'board')
			or ((select app.role()) = 'liaison' and st_intersects(geom, (select app.liaison_area())))
			or ((select app.role()) = 'team_lead' and id = (select app.team()))
		)
	);
create policy patrol_routes_read on patrol_routes for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (
			(select app.role()) in ('admin', 'commander', 'dispatcher', 'planner', 'board')
			or ((select app.role()) = 'liaison' and st_intersects(geom, (select app.liaison_area())))
		)
	);
create policy patrol_routes_write on patrol_routes for all to authenticated
	using (zone_id = any ((select app.zones())::uuid[]) and (select app.role()) in ('admin', 'planner'))
	with check (zone_id = any ((select app.zones())::uuid[]) and (select app.role()) in ('admin', 'planner'));

-- Tips: commanders read, dispatchers triage; the board gets counts (app.tip_counts) only.
create policy tips_read on tips for select to authenticated
	using (zone_id = any ((select app.zones())::uuid[]) and (select app.role()) in ('admin', 'commander', 'dispatcher'));
create policy tips_update on tips for update to authenticated
	using (zone_id = any ((select app.zones())::uuid[]) and (select app.role()) in ('admin', 'dispatcher'))
	with check (zone_id = any ((select app.zones())::uuid[]) and (select app.role()) in ('admin', 'dispatcher'));

-- Team reports: a team lead files for their own team and reads their own; the command reads all.
create policy team_reports_insert on team_reports for insert to authenticated
	with check (
		(select app.role()) = 'team_lead'
		and team_id = (select app.team())
		and submitted_by = (select auth.uid())
		and zone_id = any ((select app.zones())::uuid[])
	);
create policy team_reports_read on team_reports for select to authenticated
	using (
		submitted_by = (select auth.uid())
		or (zone_id = any ((select app.zones())::uuid[]) and (select app.role()) in ('admin', 'commander', 'dispatcher'))
	);

-- Users: everyone reads their own row; admins manage users of their zones.
create function app.user_in_my_zones(p_user uuid) returns boolean
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select exists (select 1 from user_zones z where z.user_id = p_user and z.zone_id = any (app.zones()))
		or not exists (select 1 from user_zones z where z.user_id = p_user)
$$;
grant execute on function app.user_in_my_zones(uuid) to authenticated;

create policy app_users_read on app_users for select to authenticated
	using (id = (select auth.uid()) or ((select app.role()) = 'admin' and app.user_in_my_zones(id)));
create policy app_users_insert on app_users for insert to authenticated
	with check ((select app.role()) = 'admin');
create policy app_users_update on app_users for update to authenticated
	using ((select app.role()) = 'admin' and app.user_in_my_zones(id))
	with check ((select app.role()) = 'admin');
create policy user_zones_read on user_zones for select to authenticated
	using (user_id = (select auth.uid()) or ((select app.role()) = 'admin' and zone_id = any ((select app.zones())::uuid[])));
create policy user_zones_write on user_zones for all to authenticated
	using ((select app.role()) = 'admin' and zone_id = any ((select app.zones())::uuid[]))
	with check ((select app.role()) = 'admin' and zone_id = any ((select app.zones())::uuid[]));
create policy user_units_read on user_units for select to authenticated
	using (user_id = (select auth.uid()) or ((select app.role()) = 'admin' and zone_id = any ((select app.zones())::uuid[])));
create policy user_units_write on user_units for all to authenticated
	using ((select app.role()) = 'admin' and zone_id = any ((select app.zones())::uuid[]))
	with check ((select app.role()) = 'admin' and zone_id = any ((select app.zones())::uuid[]));

create policy api_tokens_admin on api_tokens for select to authenticated
	using ((select app.role()) = 'admin' and zone_id = any ((select app.zones())::uuid[]));
create policy api_tokens_revoke on api_tokens for update to authenticated
	using ((select app.role()) = 'admin' and zone_id = any ((select app.zones())::uuid[]))
	with check ((select app.role()) = 'admin' and zone_id = any ((select app.zones())::uuid[]));

-- Audit log: admins read their zones' rows (and rows without a zone); nobody changes any.
create policy audit_read on audit_log for select to authenticated
	using ((select app.role()) = 'admin' and (zone_id is null or zone_id = any ((select app.zones())::uuid[])));

-- sessions and login_attempts: no policy at all; only the server's own bookkeeping touches them.

-- Audit every write on the tables people change.
create trigger incidents_audit after insert or update or delete on incidents
	for each row execute function app.audit_row_change();
create trigger incident_details_audit after insert or update or delete on incident_details
	for each row execute function app.audit_row_change();
create trigger tips_audit after insert or update or delete on tips
	for each row execute function app.audit_row_change();
create trigger team_reports_audit after insert or update or delete on team_reports
	for each row execute function app.audit_row_change();
create trigger patrol_routes_audit after insert or update or delete on patrol_routes
	for each row execute function app.audit_row_change();
create trigger accidents_audit after insert or update or delete on accidents
	for each row execute function app.audit_row_change();
create trigger fire_sites_audit after insert or update or delete on fire_sites
	for each row execute function app.audit_row_change();
create trigger security_teams_audit after insert or update or delete on security_teams
	for each row execute function app.audit_row_change();
create trigger app_users_audit after insert or update or delete on app_users
	for each row execute function app.audit_row_change();
create trigger user_zones_audit after insert or update or delete on user_zones
	for each row execute function app.audit_row_change();
create trigger user_units_audit after insert or update or delete on user_units
	for each row execute function app.audit_row_change();
create trigger api_tokens_audit after insert or update or delete on api_tokens
	for each row execute function app.audit_row_change();

-- Policy columns are indexed (zone_id everywhere above); these cover the remaining lookups.
create index incidents_tip_idx on incidents (tip_id);
create index app_users_team_idx on app_users (team_id);
create trigger app_users_touch before update on app_users for each row execute function touch_updated_at();
