-- Patrol plans (issue 11): plans group routes, areas and hotspot stops for a period, run in
-- weekly shifts (Vietnam time), and keep every saved version. Patrol units post their positions.
--
-- Decisions (README "Patrol plans"):
-- * A plan's items live in one table, patrol_items, of three kinds: `route` (LineString,
--   MultiLineString), `area` (Polygon, MultiPolygon) and `stop` (Point, with a dwell time per visit
--   and visits per shift). Every item covers the ground within its buffer radius (25–1000 m).
-- * The old table patrol_routes becomes a view of the route and area items, one row per item with
--   its plan's shifts as `schedule`, so GET /api/patrol-routes keeps its answer; each old route was
--   moved into a plan of its own, keeping its id as the item's id.
-- * Plans, items and shifts are written only through the functions below (save, restore, delete),
--   which check app.can_manage_patrols, validate every item naming it, refuse a save made from a
--   stale version (SQLSTATE PT409) and keep the new state as a version: no caller role holds a
--   write privilege on these tables, so no write can skip its version.
-- * Positions are written only by app.ingest_patrol_positions and read only through functions
--   that write the `read.personal` audit row (they are personal data of officers).

-- 1. Who may do what: one function per permission, used by the policies and the functions ------

-- Planners, commanders and administrators write the plans of their zones.
create function app.can_manage_patrols(p_zone uuid) returns boolean
language sql stable
as $$
	select p_zone = any (app.zones()) and app.role() in ('admin', 'commander', 'planner')
$$;

-- Roles that read every plan of their zones (the board included: plans carry no incident data;
-- the incident figures it gets about them are protected, see app.patrol_coverage).
create function app.can_read_patrol_zone(p_zone uuid) returns boolean
language sql stable
as $$
	select p_zone = any (app.zones())
		and app.role() in ('admin', 'commander', 'dispatcher', 'planner', 'board')
$$;

-- Officers' positions (live tracks and the after-shift review): the command and the planners.
-- Every read goes through a function that audits it.
create function app.can_read_patrol_positions(p_zone uuid) returns boolean
language sql stable
as $$
	select p_zone = any (app.zones()) and app.role() in ('admin', 'commander', 'dispatcher', 'planner')
$$;

-- Who may post positions for a unit: the command (a relay from radios or vehicle trackers) for
-- any unit of its zones, and a team lead's credential (a person or an API token of role
-- team_lead) for the units of their own team. No role of its own: a device holds a team lead
-- token scoped to its unit's team.
create function app.can_report_patrol_positions(p_zone uuid, p_unit_team uuid) returns boolean
language sql stable
as $$
	select p_zone = any (app.zones())
		and (
			app.role() in ('admin', 'commander', 'dispatcher')
			or (app.role() = 'team_lead' and p_unit_team is not null and p_unit_team = app.team())
		)
$$;

revoke all on function app.can_manage_patrols(uuid) from public, anon, authenticated;
revoke all on function app.can_read_patrol_zone(uuid) from public, anon, authenticated;
revoke all on function app.can_read_patrol_positions(uuid) from public, anon, authenticated;
revoke all on function app.can_report_patrol_positions(uuid, uuid) from public, anon, authenticated;
grant execute on function app.can_manage_patrols(uuid) to authenticated, service_role;
grant execute on function app.can_read_patrol_zone(uuid) to authenticated, service_role;
grant execute on function app.can_read_patrol_positions(uuid) to authenticated, service_role;
grant execute on function app.can_report_patrol_positions(uuid, uuid) to authenticated, service_role;

-- 2. Tables --------------------------------------------------------------------------------

-- Patrol units (a police patrol group, a team's patrol): what positions are posted for.
create table patrol_units (
	id uuid primary key default gen_random_uuid(),
	zone_id uuid not null references zones (id) on delete cascade,
	code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'),
	name text not null check (char_length(btrim(name)) between 1 and 120),
	team_id uuid references security_teams (id) on delete set null,
	active boolean not null default true,
	is_demo boolean not null default false,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	unique (zone_id, code)
);
create index patrol_units_team_idx on patrol_units (team_id);

create table patrol_plans (
	id uuid primary key default gen_random_uuid(),
	zone_id uuid not null references zones (id) on delete cascade,
	name text not null check (char_length(btrim(name)) between 1 and 120),
	unit_id uuid references patrol_units (id) on delete set null,
	team_id uuid references security_teams (id) on delete set null,
	valid_from date not null,
	valid_to date,
	notes text check (char_length(notes) <= 4000),
	active boolean not null default true,
	-- Optimistic concurrency: a save names the version it was made from.
	version integer not null default 1 check (version >= 1),
	is_demo boolean not null default false,
	created_by uuid,
	created_at timestamptz not null default now(),
	updated_by uuid,
	updated_at timestamptz not null default now(),
	check (valid_to is null or valid_to >= valid_from)
);
create index patrol_plans_zone_idx on patrol_plans (zone_id, valid_from);
create index patrol_plans_team_idx on patrol_plans (team_id);
create index patrol_plans_unit_idx on patrol_plans (unit_id);

create table patrol_items (
	id uuid primary key default gen_random_uuid(),
	plan_id uuid not null references patrol_plans (id) on delete cascade,
	zone_id uuid not null references zones (id) on delete cascade,
	kind text not null check (kind in ('route', 'area', 'stop')),
	name text check (char_length(name) <= 120),
	geom geometry(Geometry, 4326) not null,
	buffer_m real not null default 150 check (buffer_m between 25 and 1000),
	-- Stops: minutes per visit (Koper: 10–15) and visits per shift, evenly spaced.
	dwell_min smallint check (dwell_min between 1 and 240),
	visits smallint check (visits between 1 and 48),
	-- A stop may belong to a route or area of the same plan (its coverage is theirs too).
	route_id uuid references patrol_items (id) on delete cascade,
	sort_order integer not null default 0,
	updated_at timestamptz not null default now(),
	check (
		(kind = 'route' and geometrytype(geom) in ('LINESTRING', 'MULTILINESTRING'))
		or (kind = 'area' and geometrytype(geom) in ('POLYGON', 'MULTIPOLYGON'))
		or (kind = 'stop' and geometrytype(geom) = 'POINT')
	),
	check (st_isvalid(geom) and not st_isempty(geom)),
	check ((kind = 'stop') = (dwell_min is not null and visits is not null)),
	check (route_id is null or kind = 'stop')
);
create index patrol_items_plan_idx on patrol_items (plan_id, sort_order);
create index patrol_items_route_idx on patrol_items (route_id);
create index patrol_items_zone_idx on patrol_items (zone_id);
create index patrol_items_geom_gix on patrol_items using gist (geom);

-- Weekly shifts in Vietnam time. A shift belongs to the day it starts: 22:00–06:00 on Saturday
-- runs from Saturday 22:00 to Sunday 06:00 (and a Sunday one into Monday).
create table patrol_shifts (
	id uuid primary key default gen_random_uuid(),
	plan_id uuid not null references patrol_plans (id) on delete cascade,
	zone_id uuid not null references zones (id) on delete cascade,
	-- ISO days of the week, 1 = Monday … 7 = Sunday.
	days smallint[] not null
		check (cardinality(days) between 1 and 7 and days <@ '{1,2,3,4,5,6,7}'::smallint[]),
	start_min smallint not null check (start_min between 0 and 1439),
	end_min smallint not null check (end_min between 0 and 1439),
	sort_order integer not null default 0,
	check (start_min <> end_min)
);
create index patrol_shifts_plan_idx on patrol_shifts (plan_id, sort_order);

-- Every saved state of a plan, the current one included: what it was, who saved it, when.
create table patrol_plan_versions (
	id bigint generated always as identity primary key,
	plan_id uuid not null references patrol_plans (id) on delete cascade,
	zone_id uuid not null references zones (id) on delete cascade,
	version integer not null,
	snapshot jsonb not null,
	saved_by uuid,
	saved_at timestamptz not null default now(),
	-- Set when this version restored an earlier one.
	restored_from integer,
	unique (plan_id, version)
);

-- Positions posted by patrol units; idempotent on (unit, ts).
create table patrol_positions (
	unit_id uuid not null references patrol_units (id) on delete cascade,
	ts timestamptz not null,
	zone_id uuid not null references zones (id) on delete cascade,
	lon double precision not null check (lon between -180 and 180),
	lat double precision not null check (lat between -90 and 90),
	accuracy_m real check (accuracy_m between 0 and 100000),
	received_at timestamptz not null default now(),
	-- The credential (user or token id) that posted it.
	reported_by uuid,
	primary key (unit_id, ts)
);
-- The live map (last hour per unit of a zone) and the purge (by time).
create index patrol_positions_zone_ts_idx on patrol_positions (zone_id, ts);
create index patrol_positions_ts_brin on patrol_positions using brin (ts);

create trigger patrol_units_touch before update on patrol_units
	for each row execute function touch_updated_at();
create trigger patrol_items_touch before update on patrol_items
	for each row execute function touch_updated_at();

-- 3. Reading: row-level security through the permission functions ----------------------------

-- A liaison officer reads the items inside their units and the plans that have one; a team lead
-- the plans of their team. Security definer: a plan's policy looks at its items without their
-- own policy (which looks at plans), so there is no recursion.
create function app.can_read_patrol_plan(p_zone uuid, p_plan uuid, p_team uuid) returns boolean
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select app.can_read_patrol_zone(p_zone)
		or (p_zone = any (app.zones()) and app.role() = 'team_lead' and p_team is not null and p_team = app.team())
		or (p_zone = any (app.zones()) and app.role() = 'liaison' and exists (
			select 1 from patrol_items i
			where i.plan_id = p_plan and st_intersects(i.geom, app.liaison_area())))
$$;

create function app.can_read_patrol_item(p_zone uuid, p_plan uuid, p_geom geometry) returns boolean
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select app.can_read_patrol_zone(p_zone)
		or (p_zone = any (app.zones()) and app.role() = 'liaison' and st_intersects(p_geom, app.liaison_area()))
		or (p_zone = any (app.zones()) and app.role() = 'team_lead' and exists (
			select 1 from patrol_plans p where p.id = p_plan and p.team_id = app.team()))
$$;

revoke all on function app.can_read_patrol_plan(uuid, uuid, uuid) from public, anon, authenticated;
revoke all on function app.can_read_patrol_item(uuid, uuid, geometry) from public, anon, authenticated;
grant execute on function app.can_read_patrol_plan(uuid, uuid, uuid) to authenticated, service_role;
grant execute on function app.can_read_patrol_item(uuid, uuid, geometry) to authenticated, service_role;

alter table patrol_units enable row level security;
alter table patrol_plans enable row level security;
alter table patrol_items enable row level security;
alter table patrol_shifts enable row level security;
alter table patrol_plan_versions enable row level security;
alter table patrol_positions enable row level security;

create policy patrol_units_read on patrol_units for select to authenticated
	using (
		app.can_read_patrol_zone(zone_id) or app.can_manage_patrols(zone_id)
		or (zone_id = any ((select app.zones())::uuid[]) and (select app.role()) = 'team_lead'
			and team_id = (select app.team()))
	);
create policy patrol_units_write on patrol_units for all to authenticated
	using (app.can_manage_patrols(zone_id))
	with check (app.can_manage_patrols(zone_id));
create policy patrol_plans_read on patrol_plans for select to authenticated
	using (app.can_read_patrol_plan(zone_id, id, team_id));
create policy patrol_items_read on patrol_items for select to authenticated
	using (app.can_read_patrol_item(zone_id, plan_id, geom));
-- Shifts and versions: whoever reads the plan (the sub-select is filtered by patrol_plans_read).
create policy patrol_shifts_read on patrol_shifts for select to authenticated
	using (exists (select 1 from patrol_plans p where p.id = patrol_shifts.plan_id));
create policy patrol_plan_versions_read on patrol_plan_versions for select to authenticated
	using (exists (select 1 from patrol_plans p where p.id = patrol_plan_versions.plan_id));
-- patrol_positions: no policy and no grant; reached only through the functions below.

revoke all on patrol_units, patrol_plans, patrol_items, patrol_shifts, patrol_plan_versions,
	patrol_positions from anon, authenticated;
revoke all on sequence patrol_plan_versions_id_seq from anon, authenticated;
grant select on patrol_units, patrol_plans, patrol_items, patrol_shifts, patrol_plan_versions
	to authenticated;
grant insert, update, delete on patrol_units to authenticated;

-- 4. Shifts in Vietnam time ----------------------------------------------------------------

-- Minutes since Monday 00:00, Vietnam time (UTC+7, no daylight saving), 0…10079. 1970-01-01 was
-- a Thursday (3 days after a Monday). Immutable arithmetic on the epoch, whatever the session's
-- TimeZone.
create function app.vn_minute_of_week(p_at timestamptz) returns integer
language sql immutable parallel safe
as $$
	select ((floor((date_part('epoch', p_at - timestamptz '1970-01-01 00:00:00+00') + 25200) / 60)::bigint
		+ 3 * 1440) % 10080)::integer
$$;

-- "HH:mm" → minutes of the day; null when the text is not a time of day.
create function app.hhmm_minutes(p_text text) returns integer
language sql immutable parallel safe
as $$
	select case when p_text ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
		then substr(p_text, 1, 2)::integer * 60 + substr(p_text, 4, 2)::integer end
$$;

create function app.minutes_hhmm(p_minutes integer) returns text
language sql immutable parallel safe
as $$ select lpad((p_minutes / 60)::text, 2, '0') || ':' || lpad((p_minutes % 60)::text, 2, '0') $$;

-- Whether a shift (days, start, end in minutes) runs at an instant. Each day's occurrence starts
-- on that day and lasts (end − start) mod 1440 minutes, across midnight when end < start, and
-- from Sunday into Monday.
create function app.patrol_shift_active(p_days smallint[], p_start integer, p_end integer, p_at timestamptz)
returns boolean
language sql immutable parallel safe
as $$
	select exists (
		select 1 from unnest(p_days) d
		where (app.vn_minute_of_week(p_at) - ((d - 1) * 1440 + p_start) + 10080) % 10080
			< (p_end - p_start + 1440) % 1440
	)
$$;

-- A plan's weekly presence as 10,080 bits, one per minute of the week (Monday 00:00 first): the
-- minutes of every shift occurrence, joined to the week's minutes (set-based: a per-minute test
-- of every shift cost ~100 ms).
create function app.patrol_presence_mask(p_plan uuid) returns varbit
language sql stable
as $$
	with occurrences as (
		select (d - 1) * 1440 + s.start_min as first, (s.end_min - s.start_min + 1440) % 1440 as minutes
		from patrol_shifts s, unnest(s.days) d
		where s.plan_id = p_plan
	),
	present as (
		select distinct (o.first + k) % 10080 as minute
		from occurrences o, generate_series(0, o.minutes - 1) k
	)
	select string_agg(case when p.minute is null then '0' else '1' end, '' order by g.minute)::varbit
	from generate_series(0, 10079) as g(minute)
	left join present p on p.minute = g.minute
$$;

revoke all on function app.vn_minute_of_week(timestamptz) from public, anon;
revoke all on function app.hhmm_minutes(text) from public, anon;
revoke all on function app.minutes_hhmm(integer) from public, anon;
revoke all on function app.patrol_shift_active(smallint[], integer, integer, timestamptz) from public, anon;
revoke all on function app.patrol_presence_mask(uuid) from public, anon, authenticated;
grant execute on function app.vn_minute_of_week(timestamptz) to authenticated, service_role;
grant execute on function app.hhmm_minutes(text) to authenticated, service_role;
grant execute on function app.minutes_hhmm(integer) to authenticated, service_role;
grant execute on function app.patrol_shift_active(smallint[], integer, integer, timestamptz) to authenticated, service_role;
grant execute on function app.patrol_presence_mask(uuid) to authenticated, service_role;

-- 5. A plan as JSON: what is saved in a version and what the API answers --------------------

-- Runs as the caller: a caller who cannot read the plan gets null, and a liaison officer only the
-- items inside their units.
create function app.patrol_plan_json(p_plan uuid) returns jsonb
language sql stable
as $$
	select jsonb_build_object(
		'id', p.id,
		'zoneId', p.zone_id,
		'name', p.name,
		'unitId', p.unit_id,
		'teamId', p.team_id,
		'validFrom', p.valid_from::text,
		'validTo', p.valid_to::text,
		'notes', p.notes,
		'active', p.active,
		'version', p.version,
		'updatedAt', app.iso_instant(p.updated_at),
		'updatedBy', p.updated_by,
		'items', coalesce((
			select jsonb_agg(jsonb_build_object(
				'id', i.id,
				'kind', i.kind,
				'name', i.name,
				'geometry', st_asgeojson(i.geom, 7)::jsonb,
				'bufferM', i.buffer_m,
				'dwellMin', i.dwell_min,
				'visits', i.visits,
				'routeId', i.route_id
			) order by i.sort_order, i.id)
			from patrol_items i where i.plan_id = p.id
		), '[]'::jsonb),
		'shifts', coalesce((
			select jsonb_agg(jsonb_build_object(
				'days', to_jsonb(s.days),
				'start', app.minutes_hhmm(s.start_min),
				'end', app.minutes_hhmm(s.end_min)
			) order by s.sort_order, s.id)
			from patrol_shifts s where s.plan_id = p.id
		), '[]'::jsonb)
	)
	from patrol_plans p where p.id = p_plan
$$;
revoke all on function app.patrol_plan_json(uuid) from public, anon, authenticated;
grant execute on function app.patrol_plan_json(uuid) to authenticated, service_role;

-- 6. Validation: every refusal names the field (`items[2].geometry`) -------------------------

create function app.patrol_refuse(p_field text, p_message text) returns void
language plpgsql volatile
as $$
begin
	raise exception '%: %', p_field, p_message using errcode = '22023', column = p_field;
end
$$;
revoke all on function app.patrol_refuse(text, text) from public, anon, authenticated;

-- A GeoJSON geometry of an item, checked: parsable, WGS 84, the kind's type, coordinates in
-- range, valid (a self-intersecting polygon is refused with where it crosses itself), at most
-- 10,000 vertices, and within 1 km of the zone.
create function app.patrol_item_geometry(p_field text, p_kind text, p_name text, p_geojson jsonb, p_zone uuid)
returns geometry
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
declare
	g geometry;
	label text := coalesce('"' || nullif(btrim(p_name), '') || '"', p_field);
	t text;
begin
	if p_geojson is null or jsonb_typeof(p_geojson) <> 'object' then
		perform app.patrol_refuse(p_field, 'a GeoJSON geometry is required');
	end if;
	begin
		g := st_geomfromgeojson(p_geojson::text);
	exception when others then
		perform app.patrol_refuse(p_field, 'not a GeoJSON geometry (' || left(sqlerrm, 120) || ')');
	end;
	if g is null or st_isempty(g) then
		perform app.patrol_refuse(p_field, 'the geometry is empty');
	end if;
	if st_srid(g) not in (0, 4326) then
		perform app.patrol_refuse(p_field, 'coordinates must be WGS 84 longitude, latitude (EPSG:4326), not EPSG:' || st_srid(g));
	end if;
	g := st_setsrid(st_force2d(g), 4326);
	t := geometrytype(g);
	if not ((p_kind = 'route' and t in ('LINESTRING', 'MULTILINESTRING'))
		or (p_kind = 'area' and t in ('POLYGON', 'MULTIPOLYGON'))
		or (p_kind = 'stop' and t = 'POINT')) then
		perform app.patrol_refuse(p_field, format('a %s must be a %s, not a %s', p_kind,
			case p_kind when 'route' then 'LineString or MultiLineString'
				when 'area' then 'Polygon or MultiPolygon' else 'Point' end, initcap(lower(t))));
	end if;
	if st_xmin(g) < -180 or st_xmax(g) > 180 or st_ymin(g) < -90 or st_ymax(g) > 90 then
		perform app.patrol_refuse(p_field, 'coordinates out of range (longitude −180…180, latitude −90…90, in that order)');
	end if;
	if st_npoints(g) > 10000 then
		perform app.patrol_refuse(p_field, 'more than 10,000 vertices');
	end if;
	if not st_isvalid(g) then
		perform app.patrol_refuse(p_field, label || ' is not a valid geometry: ' || st_isvalidreason(g));
	end if;
	if not exists (
		select 1 from zones z
		where z.id = p_zone
			and st_dwithin(st_transform(z.boundary, 32648), st_transform(g, 32648), 1000)
	) then
		perform app.patrol_refuse(p_field, label || ' lies more than 1 km outside the zone');
	end if;
	return g;
end
$$;
revoke all on function app.patrol_item_geometry(text, text, text, jsonb, uuid) from public, anon, authenticated;

-- A number field of an item, or its default when absent; refused outside [lo, hi].
create function app.patrol_number(p_field text, p_value jsonb, p_default numeric, p_lo numeric, p_hi numeric, p_integer boolean)
returns numeric
language plpgsql immutable
as $$
declare
	v numeric;
begin
	if p_value is null or p_value = 'null'::jsonb then
		return p_default;
	end if;
	if jsonb_typeof(p_value) <> 'number' then
		perform app.patrol_refuse(p_field, 'must be a number');
	end if;
	v := p_value::text::numeric;
	if p_integer and v <> trunc(v) then
		perform app.patrol_refuse(p_field, 'must be a whole number');
	end if;
	if v < p_lo or v > p_hi then
		perform app.patrol_refuse(p_field, format('must be between %s and %s', p_lo, p_hi));
	end if;
	return v;
end
$$;
revoke all on function app.patrol_number(text, jsonb, numeric, numeric, numeric, boolean) from public, anon, authenticated;

-- A short text field: null when absent; refused when not a string, too long, or holding control
-- characters.
create function app.patrol_text(p_field text, p_value jsonb, p_max integer, p_required boolean)
returns text
language plpgsql immutable
as $$
declare
	v text;
begin
	if p_value is null or p_value = 'null'::jsonb then
		if p_required then
			perform app.patrol_refuse(p_field, 'required');
		end if;
		return null;
	end if;
	if jsonb_typeof(p_value) <> 'string' then
		perform app.patrol_refuse(p_field, 'must be a string');
	end if;
	v := btrim(p_value #>> '{}');
	if p_required and v = '' then
		perform app.patrol_refuse(p_field, 'required');
	end if;
	if char_length(v) > p_max then
		perform app.patrol_refuse(p_field, format('at most %s characters', p_max));
	end if;
	if v ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' then
		perform app.patrol_refuse(p_field, 'must not contain control characters');
	end if;
	return nullif(v, '');
end
$$;
revoke all on function app.patrol_text(text, jsonb, integer, boolean) from public, anon, authenticated;

-- 7. Saving: apply a plan body, keep the version -------------------------------------------

-- Replaces a plan's attributes, items and shifts with p_body, changing only what differs (items
-- keep their ids, so audit rows and diffs follow them). Internal: called by the save and restore
-- functions after their permission and version checks.
create function app.patrol_apply(p_plan uuid, p_zone uuid, p_body jsonb)
returns void
language plpgsql volatile
set search_path = public, extensions, pg_temp
as $$
declare
	v_items jsonb := coalesce(p_body -> 'items', '[]'::jsonb);
	v_shifts jsonb := coalesce(p_body -> 'shifts', '[]'::jsonb);
	v_from date;
	v_to date;
	v_unit uuid;
	v_team uuid;
	it record;
	v_field text;
	v_kind text;
	v_name text;
	v_id uuid;
	v_ids uuid[] := '{}';
	v_geom geometry;
	v_route_ref jsonb;
	v_route uuid;
	v_days smallint[];
	v_start integer;
	v_end integer;
	v_shift_keys text[] := '{}';
	sh record;
begin
	if jsonb_typeof(v_items) <> 'array' then
		perform app.patrol_refuse('items', 'must be an array');
	end if;
	if jsonb_array_length(v_items) > 500 then
		perform app.patrol_refuse('items', 'at most 500 items');
	end if;
	if jsonb_typeof(v_shifts) <> 'array' then
		perform app.patrol_refuse('shifts', 'must be an array');
	end if;
	if jsonb_array_length(v_shifts) > 28 then
		perform app.patrol_refuse('shifts', 'at most 28 shifts');
	end if;

	-- The plan's own fields.
	begin
		v_from := (p_body ->> 'validFrom')::date;
	exception when others then
		perform app.patrol_refuse('validFrom', 'must be a date YYYY-MM-DD');
	end;
	if v_from is null then
		perform app.patrol_refuse('validFrom', 'required');
	end if;
	begin
		v_to := (p_body ->> 'validTo')::date;
	exception when others then
		perform app.patrol_refuse('validTo', 'must be a date YYYY-MM-DD');
	end;
	if v_to < v_from then
		perform app.patrol_refuse('validTo', 'must not be before validFrom');
	end if;
	begin
		v_unit := (p_body ->> 'unitId')::uuid;
		v_team := (p_body ->> 'teamId')::uuid;
	exception when others then
		perform app.patrol_refuse(case when (p_body ->> 'unitId') is not null and (p_body ->> 'unitId') !~* '^[0-9a-f-]{36}$'
			then 'unitId' else 'teamId' end, 'must be an id (uuid)');
	end;
	if v_unit is not null and not exists (select 1 from patrol_units u where u.id = v_unit and u.zone_id = p_zone) then
		perform app.patrol_refuse('unitId', 'no such patrol unit in this zone');
	end if;
	if v_team is not null and not exists (select 1 from security_teams t where t.id = v_team and t.zone_id = p_zone) then
		perform app.patrol_refuse('teamId', 'no such team in this zone');
	end if;
	if (p_body -> 'active') is not null and jsonb_typeof(p_body -> 'active') <> 'boolean' then
		perform app.patrol_refuse('active', 'must be true or false');
	end if;

	update patrol_plans p set
		name = app.patrol_text('name', p_body -> 'name', 120, true),
		unit_id = v_unit,
		team_id = v_team,
		valid_from = v_from,
		valid_to = v_to,
		notes = app.patrol_text('notes', p_body -> 'notes', 4000, false),
		active = coalesce((p_body ->> 'active')::boolean, true)
	where p.id = p_plan;

	-- Items: ids first (a stop may name a route by its id or its index in the list).
	for it in select value as item, ordinality - 1 as idx from jsonb_array_elements(v_items) with ordinality loop
		v_field := 'items[' || it.idx || ']';
		if jsonb_typeof(it.item) <> 'object' then
			perform app.patrol_refuse(v_field, 'must be an object');
		end if;
		begin
			v_id := coalesce((it.item ->> 'id')::uuid, gen_random_uuid());
		exception when others then
			perform app.patrol_refuse(v_field || '.id', 'must be an id (uuid)');
		end;
		if v_id = any (v_ids) then
			perform app.patrol_refuse(v_field || '.id', 'the same id twice');
		end if;
		if exists (select 1 from patrol_items x where x.id = v_id and x.plan_id <> p_plan) then
			perform app.patrol_refuse(v_field || '.id', 'this item belongs to another plan');
		end if;
		v_ids := v_ids || v_id;
	end loop;

	delete from patrol_items x where x.plan_id = p_plan and not (x.id = any (v_ids));

	-- Routes and areas before stops, so a stop's route exists when the stop is written.
	for it in
		select value as item, ordinality - 1 as idx from jsonb_array_elements(v_items) with ordinality
		order by (value ->> 'kind') = 'stop', ordinality
	loop
		v_field := 'items[' || it.idx || ']';
		v_kind := it.item ->> 'kind';
		if v_kind is null or v_kind not in ('route', 'area', 'stop') then
			perform app.patrol_refuse(v_field || '.kind', 'must be route, area or stop');
		end if;
		v_name := app.patrol_text(v_field || '.name', it.item -> 'name', 120, false);
		v_geom := app.patrol_item_geometry(v_field || '.geometry', v_kind, v_name, it.item -> 'geometry', p_zone);
		v_route := null;
		v_route_ref := coalesce(it.item -> 'routeId', it.item -> 'route');
		if v_route_ref is not null and v_route_ref <> 'null'::jsonb then
			if v_kind <> 'stop' then
				perform app.patrol_refuse(v_field || '.routeId', 'only a stop belongs to a route');
			end if;
			if jsonb_typeof(v_route_ref) = 'number' then
				if (v_route_ref::text)::numeric <> trunc((v_route_ref::text)::numeric)
					or (v_route_ref::text)::numeric < 0 or (v_route_ref::text)::numeric >= cardinality(v_ids) then
					perform app.patrol_refuse(v_field || '.route', 'must be the index of a route or area in items');
				end if;
				v_route := v_ids[(v_route_ref::text)::integer + 1];
			else
				begin
					v_route := (v_route_ref #>> '{}')::uuid;
				exception when others then
					perform app.patrol_refuse(v_field || '.routeId', 'must be an id (uuid)');
				end;
			end if;
			if not exists (
				select 1 from jsonb_array_elements(v_items) with ordinality r(item, n)
				where v_ids[r.n] = v_route and r.item ->> 'kind' in ('route', 'area')
			) then
				perform app.patrol_refuse(v_field || '.routeId', 'must name a route or area of this plan');
			end if;
		end if;
		insert into patrol_items as x (id, plan_id, zone_id, kind, name, geom, buffer_m, dwell_min, visits, route_id, sort_order)
		values (
			v_ids[it.idx + 1], p_plan, p_zone, v_kind, v_name, v_geom,
			app.patrol_number(v_field || '.bufferM', it.item -> 'bufferM', 150, 25, 1000, false),
			case when v_kind = 'stop' then app.patrol_number(v_field || '.dwellMin', it.item -> 'dwellMin', 15, 1, 240, true) end,
			case when v_kind = 'stop' then app.patrol_number(v_field || '.visits', it.item -> 'visits', 1, 1, 48, true) end,
			v_route, it.idx
		)
		on conflict (id) do update set
			kind = excluded.kind, name = excluded.name, geom = excluded.geom, buffer_m = excluded.buffer_m,
			dwell_min = excluded.dwell_min, visits = excluded.visits, route_id = excluded.route_id,
			sort_order = excluded.sort_order
		where (x.kind, x.name, x.buffer_m, x.dwell_min, x.visits, x.route_id, x.sort_order)
				is distinct from (excluded.kind, excluded.name, excluded.buffer_m, excluded.dwell_min,
					excluded.visits, excluded.route_id, excluded.sort_order)
			or not st_orderingequals(x.geom, excluded.geom);
	end loop;

	-- Shifts: kept when unchanged, the others replaced.
	for it in select value as item, ordinality - 1 as idx from jsonb_array_elements(v_shifts) with ordinality loop
		v_field := 'shifts[' || it.idx || ']';
		if jsonb_typeof(it.item) <> 'object' then
			perform app.patrol_refuse(v_field, 'must be an object');
		end if;
		if jsonb_typeof(it.item -> 'days') is distinct from 'array'
			or jsonb_array_length(it.item -> 'days') = 0
			or exists (
				select 1 from jsonb_array_elements(it.item -> 'days') d
				where jsonb_typeof(d) <> 'number' or d::text !~ '^[1-7]$'
			) then
			perform app.patrol_refuse(v_field || '.days', 'must list days of the week, 1 (Monday) … 7 (Sunday)');
		end if;
		select array_agg(distinct d::text::smallint order by d::text::smallint) into v_days
		from jsonb_array_elements(it.item -> 'days') d;
		v_start := app.hhmm_minutes(it.item ->> 'start');
		v_end := app.hhmm_minutes(it.item ->> 'end');
		if jsonb_typeof(it.item -> 'start') is distinct from 'string' or v_start is null then
			perform app.patrol_refuse(v_field || '.start', 'must be a time of day HH:mm (Vietnam time)');
		end if;
		if jsonb_typeof(it.item -> 'end') is distinct from 'string' or v_end is null then
			perform app.patrol_refuse(v_field || '.end', 'must be a time of day HH:mm (Vietnam time)');
		end if;
		if v_start = v_end then
			perform app.patrol_refuse(v_field || '.end', 'must differ from start (an overnight shift such as 22:00–06:00 ends the next day)');
		end if;
		v_shift_keys := v_shift_keys || (v_days::text || '/' || v_start || '/' || v_end || '/' || it.idx);
	end loop;
	delete from patrol_shifts s where s.plan_id = p_plan
		and not ((s.days::text || '/' || s.start_min || '/' || s.end_min || '/' || s.sort_order) = any (v_shift_keys));
	for sh in
		select split_part(k, '/', 1)::smallint[] as days, split_part(k, '/', 2)::smallint as start_min,
			split_part(k, '/', 3)::smallint as end_min, split_part(k, '/', 4)::integer as sort_order
		from unnest(v_shift_keys) k
	loop
		if not exists (
			select 1 from patrol_shifts s
			where s.plan_id = p_plan and s.days = sh.days and s.start_min = sh.start_min
				and s.end_min = sh.end_min and s.sort_order = sh.sort_order
		) then
			insert into patrol_shifts (plan_id, zone_id, days, start_min, end_min, sort_order)
			values (p_plan, p_zone, sh.days, sh.start_min, sh.end_min, sh.sort_order);
		end if;
	end loop;
end
$$;
revoke all on function app.patrol_apply(uuid, uuid, jsonb) from public, anon, authenticated;

-- Records the plan's current state as its version, after a save.
create function app.patrol_keep_version(p_plan uuid, p_restored_from integer default null)
returns void
language sql volatile
set search_path = public, extensions, pg_temp
as $$
	insert into patrol_plan_versions (plan_id, zone_id, version, snapshot, saved_by, restored_from)
	select p.id, p.zone_id, p.version, app.patrol_plan_json(p.id) - 'updatedAt' - 'updatedBy' - 'version',
		nullif(auth.jwt() ->> 'sub', '')::uuid, p_restored_from
	from patrol_plans p where p.id = p_plan
$$;
revoke all on function app.patrol_keep_version(uuid, integer) from public, anon, authenticated;

-- The existing plan for a save: locked, in a zone the caller manages, at the version the caller
-- edited. A stale version is refused with SQLSTATE PT409 (the API answers 409): the caller's
-- edit is not applied, and the plan as it now is stays as it is.
create function app.patrol_lock_for_change(p_plan uuid, p_expected integer)
returns patrol_plans
language plpgsql volatile
set search_path = public, extensions, pg_temp
as $$
declare
	p patrol_plans;
begin
	select * into p from patrol_plans where id = p_plan for update;
	if not found or not app.can_read_patrol_plan(p.zone_id, p.id, p.team_id) then
		raise exception 'no such patrol plan' using errcode = 'P0002';
	end if;
	if not app.can_manage_patrols(p.zone_id) then
		raise exception 'patrol plans of this zone are written by planners, commanders and administrators'
			using errcode = '42501';
	end if;
	if p_expected is null then
		perform app.patrol_refuse('version', 'required: the version this change was made from');
	end if;
	if p_expected <> p.version then
		raise exception 'the plan was changed by someone else since version % (it is now at version %)', p_expected, p.version
			using errcode = 'PT409', column = 'version',
				detail = json_build_object('current', p.version, 'updatedBy', p.updated_by,
					'updatedAt', app.iso_instant(p.updated_at))::text;
	end if;
	return p;
end
$$;
revoke all on function app.patrol_lock_for_change(uuid, integer) from public, anon, authenticated;

-- Creates (no `id`) or updates a plan from its JSON body:
--   {id?, version (when id), zoneId (when new), name, unitId?, teamId?, validFrom, validTo?,
--    notes?, active?, items: [{id?, kind, name?, geometry, bufferM?, dwellMin?, visits?,
--    routeId? | route? (index)}], shifts: [{days, start, end}]}
-- Returns {id, version}.
create function app.save_patrol_plan(p_body jsonb) returns jsonb
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_plan uuid;
	v_zone uuid;
	v_version integer;
	p patrol_plans;
	v_expected integer;
begin
	if p_body is null or jsonb_typeof(p_body) <> 'object' then
		perform app.patrol_refuse('body', 'must be a JSON object');
	end if;
	if (p_body ->> 'id') is null then
		begin
			v_zone := (p_body ->> 'zoneId')::uuid;
		exception when others then
			perform app.patrol_refuse('zoneId', 'must be an id (uuid)');
		end;
		if v_zone is null then
			perform app.patrol_refuse('zoneId', 'required');
		end if;
		if not app.can_manage_patrols(v_zone) then
			raise exception 'patrol plans of this zone are written by planners, commanders and administrators'
				using errcode = '42501';
		end if;
		insert into patrol_plans (zone_id, name, valid_from, created_by, updated_by)
		values (v_zone, 'new', current_date, nullif(auth.jwt() ->> 'sub', '')::uuid, nullif(auth.jwt() ->> 'sub', '')::uuid)
		returning id into v_plan;
	else
		begin
			v_plan := (p_body ->> 'id')::uuid;
		exception when others then
			perform app.patrol_refuse('id', 'must be an id (uuid)');
		end;
		if jsonb_typeof(p_body -> 'version') is distinct from 'number' then
			perform app.patrol_refuse('version', 'required: the version this change was made from');
		end if;
		v_expected := (p_body ->> 'version')::numeric::integer;
		p := app.patrol_lock_for_change(v_plan, v_expected);
		v_zone := p.zone_id;
		if (p_body ->> 'zoneId') is not null and (p_body ->> 'zoneId') <> v_zone::text then
			perform app.patrol_refuse('zoneId', 'a plan stays in its zone');
		end if;
		update patrol_plans set version = version + 1, updated_at = now(),
			updated_by = nullif(auth.jwt() ->> 'sub', '')::uuid
		where id = v_plan;
	end if;
	perform app.patrol_apply(v_plan, v_zone, p_body);
	perform app.patrol_keep_version(v_plan);
	select version into v_version from patrol_plans where id = v_plan;
	return jsonb_build_object('id', v_plan, 'version', v_version);
end
$$;

-- Restores version p_version as a new version (history is never rewritten). p_expected is the
-- version the caller was looking at, as for a save.
create function app.restore_patrol_plan(p_plan uuid, p_version integer, p_expected integer) returns jsonb
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	p patrol_plans;
	v_snapshot jsonb;
	v_version integer;
begin
	p := app.patrol_lock_for_change(p_plan, p_expected);
	select v.snapshot into v_snapshot from patrol_plan_versions v where v.plan_id = p_plan and v.version = p_version;
	if v_snapshot is null then
		raise exception 'version % of this plan does not exist', p_version using errcode = 'P0002', column = 'version';
	end if;
	update patrol_plans set version = version + 1, updated_at = now(),
		updated_by = nullif(auth.jwt() ->> 'sub', '')::uuid
	where id = p_plan;
	perform app.patrol_apply(p_plan, p.zone_id, v_snapshot);
	perform app.patrol_keep_version(p_plan, p_version);
	select version into v_version from patrol_plans where id = p_plan;
	return jsonb_build_object('id', p_plan, 'version', v_version, 'restoredFrom', p_version);
end
$$;

-- Deletes a plan (its items, shifts and versions with it; the audit trail keeps the deletion).
create function app.delete_patrol_plan(p_plan uuid, p_expected integer) returns void
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
begin
	perform app.patrol_lock_for_change(p_plan, p_expected);
	delete from patrol_plans where id = p_plan;
end
$$;

-- The versions of a plan the caller may read: newest first, without their snapshots.
create function app.patrol_plan_history(p_plan uuid)
returns table (version integer, saved_at timestamptz, saved_by uuid, saved_by_name text, restored_from integer)
language sql stable security definer
set search_path = public, extensions, pg_temp
as $$
	select v.version, v.saved_at, v.saved_by, u.display_name, v.restored_from
	from patrol_plan_versions v
	join patrol_plans p on p.id = v.plan_id
	left join app_users u on u.id = v.saved_by
	where v.plan_id = p_plan and app.can_read_patrol_plan(p.zone_id, p.id, p.team_id)
	order by v.version desc
$$;

revoke all on function app.save_patrol_plan(jsonb) from public, anon, authenticated;
revoke all on function app.restore_patrol_plan(uuid, integer, integer) from public, anon, authenticated;
revoke all on function app.delete_patrol_plan(uuid, integer) from public, anon, authenticated;
revoke all on function app.patrol_plan_history(uuid) from public, anon, authenticated;
grant execute on function app.save_patrol_plan(jsonb) to authenticated;
grant execute on function app.restore_patrol_plan(uuid, integer, integer) to authenticated;
grant execute on function app.delete_patrol_plan(uuid, integer) to authenticated;
grant execute on function app.patrol_plan_history(uuid) to authenticated;

-- 8. The old patrol routes become plans --------------------------------------------------------

-- Each route becomes a plan of its own (named as the route, valid from its zone's start), its
-- geometry an item keeping the route's id, its schedule the plan's shifts (entries that are not
-- days + HH:mm are dropped), its buffer clamped to 25–1000 m. Runs before the triggers below, so
-- the move writes no audit rows and announces nothing.
do $$
declare
	r record;
	v_plan uuid;
	s jsonb;
	n integer := 0;
begin
	for r in select pr.*, z.valid_from as zone_from from patrol_routes pr join zones z on z.id = pr.zone_id loop
		insert into patrol_plans (zone_id, name, valid_from, active, is_demo, updated_at)
		values (r.zone_id, left(r.name, 120), r.zone_from, r.active, r.is_demo, r.updated_at)
		returning id into v_plan;
		insert into patrol_items (id, plan_id, zone_id, kind, name, geom, buffer_m)
		values (r.id, v_plan, r.zone_id,
			case when geometrytype(r.geom) in ('POLYGON', 'MULTIPOLYGON') then 'area' else 'route' end,
			left(r.name, 120), r.geom, least(greatest(r.buffer_m, 25), 1000));
		for s in select value from jsonb_array_elements(r.schedule) loop
			if app.hhmm_minutes(s ->> 'start') is not null and app.hhmm_minutes(s ->> 'end') is not null
				and app.hhmm_minutes(s ->> 'start') <> app.hhmm_minutes(s ->> 'end') then
				insert into patrol_shifts (plan_id, zone_id, days, start_min, end_min, sort_order)
				select v_plan, r.zone_id,
					coalesce((select array_agg(distinct d::text::smallint order by d::text::smallint)
						from jsonb_array_elements(s -> 'days') d where d::text ~ '^[1-7]$'), '{1,2,3,4,5,6,7}'),
					app.hhmm_minutes(s ->> 'start'), app.hhmm_minutes(s ->> 'end'), n;
				n := n + 1;
			end if;
		end loop;
		perform app.patrol_keep_version(v_plan);
	end loop;
end
$$;

drop table patrol_routes;

-- The old contract's rows: one per route or area item, with its plan's shifts as schedule. As
-- the caller (security_invoker), so the items' and plans' policies decide what it shows.
create view patrol_routes with (security_invoker = true) as
select i.id, i.zone_id, i.plan_id, coalesce(i.name, p.name) as name, i.geom, i.buffer_m,
	coalesce((
		select jsonb_agg(jsonb_build_object('days', to_jsonb(s.days), 'start', app.minutes_hhmm(s.start_min),
			'end', app.minutes_hhmm(s.end_min)) order by s.sort_order, s.id)
		from patrol_shifts s where s.plan_id = p.id
	), '[]'::jsonb) as schedule,
	p.active, p.is_demo, greatest(i.updated_at, p.updated_at) as updated_at
from patrol_items i
join patrol_plans p on p.id = i.plan_id
where i.kind in ('route', 'area');

revoke all on patrol_routes from anon, authenticated;
grant select on patrol_routes to authenticated;

-- 9. Audit and live announcements ------------------------------------------------------------

create trigger patrol_units_audit after insert or update or delete on patrol_units
	for each row execute function app.audit_row_change();
create trigger patrol_plans_audit after insert or update or delete on patrol_plans
	for each row execute function app.audit_row_change();
create trigger patrol_items_audit after insert or update or delete on patrol_items
	for each row execute function app.audit_row_change();
create trigger patrol_shifts_audit after insert or update or delete on patrol_shifts
	for each row execute function app.audit_row_change();
create trigger patrol_plan_versions_audit after insert or update or delete on patrol_plan_versions
	for each row execute function app.audit_row_change();

-- Every save changes the plan's row (its version), so one announcement per save.
create trigger patrol_plans_notify after insert or update or delete on patrol_plans
	for each row execute function notify_change();

-- 10. Positions: ingestion, retention, audited reads -----------------------------------------

-- The largest batch one call takes; items past it are refused one by one ("batch_too_large").
create function app.patrol_position_batch_max() returns integer
language sql immutable
as $$ select 1000 $$;

-- A timestamp as the API reads it: ISO 8601 with an optional offset, none meaning Vietnam time
-- (UTC+7) whatever the session's time zone; null when it is not one or is not on the calendar.
create function app.parse_vn_instant(p_text text) returns timestamptz
language plpgsql immutable
as $$
begin
	if p_text is null or p_text !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$' then
		return null;
	end if;
	return (case when p_text ~ '(Z|[+-]\d{2}:?\d{2})$' then p_text else p_text || '+07:00' end)::timestamptz;
exception when others then
	return null;
end
$$;
revoke all on function app.parse_vn_instant(text) from public, anon;
grant execute on function app.parse_vn_instant(text) to authenticated, service_role;

-- Takes a batch [{unit, ts, lon, lat, accuracyM?}] for units of p_zone; keeps each valid item
-- (idempotent on unit and ts: a position sent twice is stored once and accepted both times) and
-- refuses the others one by one with a reason. Returns
--   {accepted, duplicates, rejected: [{index, reason}]}
-- Reasons: malformed, batch_too_large, unknown_unit, unit_not_allowed, bad_timestamp, in_future
-- (more than 5 minutes ahead), too_old (more than 24 hours), coordinates_out_of_range,
-- bad_accuracy. One announcement per unit and batch (its newest position) reaches the live map.
create function app.ingest_patrol_positions(p_zone uuid, p_items jsonb) returns jsonb
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_now timestamptz := now();
	v_by uuid := nullif(auth.jwt() ->> 'sub', '')::uuid;
	v_result jsonb;
	v_latest jsonb;
	u jsonb;
	ev bigint;
begin
	if not (p_zone = any (app.zones())) then
		raise exception 'zone % is not in your scope', p_zone using errcode = '42501';
	end if;
	if p_items is null or jsonb_typeof(p_items) <> 'array' then
		perform app.patrol_refuse('body', 'must be a JSON array of positions');
	end if;

	-- One statement: classify every item, insert the valid ones, count.
	with raw as (
		select e.n - 1 as idx, e.v, e.n > app.patrol_position_batch_max() as over,
			-- (A missing member is a null type: coalesce, or the test would be null, not false.)
			coalesce(jsonb_typeof(e.v) = 'object'
				and jsonb_typeof(e.v -> 'unit') = 'string'
				and jsonb_typeof(e.v -> 'ts') = 'string'
				and jsonb_typeof(e.v -> 'lon') = 'number'
				and jsonb_typeof(e.v -> 'lat') = 'number'
				and coalesce(jsonb_typeof(e.v -> 'accuracyM'), 'null') in ('number', 'null'), false) as shaped
		from jsonb_array_elements(p_items) with ordinality e(v, n)
	),
	items as (
		select r.idx, un.id as unit_id, un.code as unit_code, x.ts, x.lon, x.lat, x.acc,
			case
				when r.over then 'batch_too_large'
				when not r.shaped then 'malformed'
				when un.id is null then 'unknown_unit'
				when not app.can_report_patrol_positions(p_zone, un.team_id) then 'unit_not_allowed'
				when x.ts is null then 'bad_timestamp'
				when x.ts > v_now + interval '5 minutes' then 'in_future'
				when x.ts < v_now - interval '24 hours' then 'too_old'
				when x.lon not between -180 and 180 or x.lat not between -90 and 90 then 'coordinates_out_of_range'
				when x.acc is not null and x.acc not between 0 and 100000 then 'bad_accuracy'
			end as reason
		from raw r
		left join patrol_units un
			on r.shaped and not r.over and un.zone_id = p_zone and un.active and un.code = r.v ->> 'unit'
		cross join lateral (
			select case when r.shaped and not r.over then app.parse_vn_instant(r.v ->> 'ts') end as ts,
				-- Clamped before the cast, so that 1e400 is out of range rather than an error.
				case when r.shaped then least(greatest((r.v ->> 'lon')::numeric, -1000), 1000)::float8 end as lon,
				case when r.shaped then least(greatest((r.v ->> 'lat')::numeric, -1000), 1000)::float8 end as lat,
				case when r.shaped and jsonb_typeof(r.v -> 'accuracyM') = 'number'
					then least(greatest((r.v ->> 'accuracyM')::numeric, -1), 1000000)::float8 end as acc
		) x
	),
	ins as (
		insert into patrol_positions (unit_id, ts, zone_id, lon, lat, accuracy_m, received_at, reported_by)
		select distinct on (i.unit_id, i.ts) i.unit_id, i.ts, p_zone, i.lon, i.lat, i.acc, v_now, v_by
		from items i where i.reason is null
		order by i.unit_id, i.ts, i.idx
		on conflict (unit_id, ts) do nothing
		returning unit_id, ts
	),
	latest as (
		-- The newest stored position of each unit in this batch.
		select distinct on (i.unit_id) i.unit_code, i.lon, i.lat
		from items i join ins on ins.unit_id = i.unit_id and ins.ts = i.ts
		order by i.unit_id, i.ts desc
	)
	select jsonb_build_object(
			'accepted', (select count(*) from items where reason is null),
			'duplicates', (select count(*) from items where reason is null) - (select count(*) from ins),
			'rejected', coalesce((select jsonb_agg(jsonb_build_object('index', idx, 'reason', reason) order by idx)
				from items where reason is not null), '[]'::jsonb)),
		coalesce((select jsonb_agg(jsonb_build_object('unit', unit_code, 'lon', lon, 'lat', lat)) from latest), '[]'::jsonb)
	into v_result, v_latest;

	-- The live map learns that a unit moved (its newest position); the stream carries no position.
	if coalesce(current_setting('app.bulk_load', true), '') <> 'on' then
		for u in select value from jsonb_array_elements(v_latest) loop
			insert into change_events (zone_id, entity, entity_id, op, geom)
			values (p_zone, 'patrol_positions', u ->> 'unit', 'insert',
				st_setsrid(st_makepoint((u ->> 'lon')::float8, (u ->> 'lat')::float8), 4326))
			returning id into ev;
			perform pg_notify('changes', json_build_object(
				'eventId', ev, 'table', 'patrol_positions', 'op', 'insert', 'id', u ->> 'unit',
				'zoneId', p_zone)::text);
		end loop;
	end if;
	return v_result;
end
$$;
revoke all on function app.patrol_position_batch_max() from public, anon;
grant execute on function app.patrol_position_batch_max() to authenticated, service_role;
revoke all on function app.ingest_patrol_positions(uuid, jsonb) from public, anon, authenticated;
grant execute on function app.ingest_patrol_positions(uuid, jsonb) to authenticated;

-- Retention: positions older than p_days (default 90) are deleted. Scheduled by the server
-- (POSITION_RETENTION_DAYS); not callable by users.
create function app.purge_patrol_positions(p_days integer default 90) returns bigint
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	n bigint;
begin
	if p_days is null or p_days < 1 then
		raise exception 'retention must be at least one day' using errcode = '22023';
	end if;
	delete from patrol_positions where ts < now() - make_interval(days => p_days);
	get diagnostics n = row_count;
	return n;
end
$$;
revoke all on function app.purge_patrol_positions(integer) from public, anon, authenticated;

-- The `read.personal` audit row of a positions read: which units, what window.
create function app.audit_position_read(p_zone uuid, p_units text[], p_from timestamptz, p_to timestamptz, p_what text)
returns void
language sql volatile
set search_path = public, extensions, pg_temp
as $$
	select app.write_audit('read.personal', 'patrol_positions',
		case when cardinality(p_units) = 1 then p_units[1] end, p_zone,
		jsonb_build_object('fields', '["ts", "lon", "lat"]'::jsonb, 'units', to_jsonb(p_units), 'what', p_what,
			'from', app.iso_instant(p_from), 'to', app.iso_instant(p_to)))
	where cardinality(p_units) > 0
$$;
revoke all on function app.audit_position_read(uuid, text[], timestamptz, timestamptz, text) from public, anon, authenticated;

-- The live map: every unit of the zone that reported in the last hour, with its newest position,
-- whether it is stale (silent for more than 5 minutes) and its track of the last hour, as a
-- GeoJSON FeatureCollection (Point features; the track in properties). Audited.
create function app.read_patrol_positions_live(p_zone uuid) returns jsonb
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_now timestamptz := now();
	v_fc jsonb;
	v_units text[];
begin
	if not app.can_read_patrol_positions(p_zone) then
		raise exception 'positions of patrol units are read by the command and planners of their zone'
			using errcode = '42501';
	end if;
	with recent as (
		select pp.unit_id, pp.ts, pp.lon, pp.lat, pp.accuracy_m
		from patrol_positions pp
		where pp.zone_id = p_zone and pp.ts >= v_now - interval '1 hour' and pp.ts <= v_now + interval '5 minutes'
	),
	per_unit as (
		select r.unit_id,
			(array_agg(r.ts order by r.ts desc))[1] as last_ts,
			(array_agg(r.lon order by r.ts desc))[1] as lon,
			(array_agg(r.lat order by r.ts desc))[1] as lat,
			(array_agg(r.accuracy_m order by r.ts desc))[1] as acc,
			jsonb_agg(jsonb_build_array(round(r.lon::numeric, 6), round(r.lat::numeric, 6),
				floor(date_part('epoch', r.ts))::bigint) order by r.ts) as track
		from recent r group by r.unit_id
	)
	select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
			'type', 'Feature', 'id', u.code,
			'geometry', jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(round(p.lon::numeric, 6), round(p.lat::numeric, 6))),
			'properties', jsonb_build_object(
				'unit', u.code, 'name', u.name, 'teamId', u.team_id,
				'ts', app.iso_instant(p.last_ts), 'accuracyM', p.acc,
				'stale', p.last_ts < v_now - interval '5 minutes',
				'track', p.track)
		) order by u.code), '[]'::jsonb)),
		coalesce(array_agg(u.code order by u.code), '{}')
	into v_fc, v_units
	from per_unit p join patrol_units u on u.id = p.unit_id;
	perform app.audit_position_read(p_zone, v_units, v_now - interval '1 hour', v_now, 'live');
	return v_fc || jsonb_build_object('at', app.iso_instant(v_now));
end
$$;

-- One unit's positions in a window (at most 7 days), oldest first. Audited.
create function app.read_patrol_track(p_zone uuid, p_unit text, p_from timestamptz, p_to timestamptz)
returns table (ts timestamptz, lon double precision, lat double precision, accuracy_m real)
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_unit uuid;
begin
	if not app.can_read_patrol_positions(p_zone) then
		raise exception 'positions of patrol units are read by the command and planners of their zone'
			using errcode = '42501';
	end if;
	if p_to - p_from > interval '7 days' or p_to < p_from then
		perform app.patrol_refuse('to', 'a track is read for at most 7 days');
	end if;
	select id into v_unit from patrol_units where zone_id = p_zone and code = p_unit;
	if v_unit is null then
		raise exception 'no such patrol unit' using errcode = 'P0002', column = 'unit';
	end if;
	perform app.audit_position_read(p_zone, array[p_unit], p_from, p_to, 'track');
	return query
		select pp.ts, pp.lon, pp.lat, pp.accuracy_m from patrol_positions pp
		where pp.unit_id = v_unit and pp.ts >= p_from and pp.ts < p_to
		order by pp.ts;
end
$$;

revoke all on function app.read_patrol_positions_live(uuid) from public, anon, authenticated;
revoke all on function app.read_patrol_track(uuid, text, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function app.read_patrol_positions_live(uuid) to authenticated;
grant execute on function app.read_patrol_track(uuid, text, timestamptz, timestamptz) to authenticated;
