-- Core data model v1: zones, industrial parks, administrative units with validity periods,
-- roads with linear referencing, incidents, traffic accidents, fire-risk sites,
-- self-managed security teams and patrol routes.
-- Every geometry is SRID 4326 (lon/lat). Metric work uses EPSG:32648 (WGS 84 / UTM 48N), whose
-- distortion over a zone of a few kilometres is far below a metre, or geography (geodesic).

-- Where PostGIS is missing it goes where the platform keeps extensions: on Supabase the schema
-- `extensions` (in the search path of its `postgres` role), so that PostGIS's tables stay out of
-- the schema its API serves; elsewhere public.
do $$
begin
	if 'extensions' = any (current_schemas(false)) then
		create extension if not exists postgis with schema extensions;
	else
		create extension if not exists postgis;
	end if;
end
$$;

-- VN-2000 national grids used by Hải Phòng's own GIS data (DOMAIN.md). Older PostGIS builds lack
-- them. The +towgs84 rotation signs are the ones that match the EPSG:6960 pipeline.
insert into spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
values
	(9210, 'EPSG', 9210, null,
	 '+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs'),
	(9209, 'EPSG', 9209, null,
	 '+proj=tmerc +lat_0=0 +lon_0=105.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs')
on conflict (srid) do nothing;

-- Zones: the area of one linkage model (for the demo: four communes and the park inside them).
create table zones (
	id uuid primary key default gen_random_uuid(),
	code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
	name text not null,
	boundary geometry(MultiPolygon, 4326) not null check (st_isvalid(boundary)),
	valid_from date not null,
	valid_to date,
	is_demo boolean not null default false,
	metadata jsonb not null default '{}'::jsonb,
	created_at timestamptz not null default now(),
	check (valid_to is null or valid_to >= valid_from)
);
create index zones_boundary_gix on zones using gist (boundary);

create table industrial_parks (
	id uuid primary key default gen_random_uuid(),
	zone_id uuid not null references zones (id) on delete cascade,
	code text not null,
	name text not null,
	boundary geometry(MultiPolygon, 4326) not null check (st_isvalid(boundary)),
	declared_area_ha numeric(10, 2),
	metadata jsonb not null default '{}'::jsonb,
	unique (zone_id, code)
);
create index industrial_parks_zone_idx on industrial_parks (zone_id);
create index industrial_parks_boundary_gix on industrial_parks using gist (boundary);

-- Administrative units change (communes became wards on 2025-01-01; districts were abolished and
-- wards merged on 2025-07-01). Boundaries are never overwritten: each version has a validity
-- period, so history can be reported by the unit in force at the time.
create table admin_units (
	id uuid primary key default gen_random_uuid(),
	zone_id uuid not null references zones (id) on delete cascade,
	code text not null check (code ~ '^[0-9]{5}$'),
	name text not null,
	level text not null check (level in ('commune', 'ward', 'township')),
	geom geometry(MultiPolygon, 4326) not null check (st_isvalid(geom)),
	valid_from date not null,
	valid_to date,
	metadata jsonb not null default '{}'::jsonb,
	check (valid_to is null or valid_to >= valid_from),
	unique (zone_id, code, valid_from)
);
create index admin_units_zone_valid_idx on admin_units (zone_id, valid_from, valid_to);
create index admin_units_geom_gix on admin_units using gist (geom);

-- Roads are calibrated in kilometre posts: the M value of every vertex is the chainage in km.
create table roads (
	id uuid primary key default gen_random_uuid(),
	zone_id uuid not null references zones (id) on delete cascade,
	code text not null,
	name text not null,
	geom geometry(LineStringM, 4326) not null,
	km_start numeric(8, 3) not null,
	km_end numeric(8, 3) not null,
	metadata jsonb not null default '{}'::jsonb,
	unique (zone_id, code)
);
create index roads_geom_gix on roads using gist (geom);

-- Criminal Code 100/2015 categories of crimes against social order (DOMAIN.md).
create table incident_categories (
	code text primary key,
	article text not null,
	name_vi text not null,
	name_en text not null,
	category_group text not null check (category_group in ('violent', 'property', 'drugs', 'order')),
	sort_order smallint not null
);
insert into incident_categories (code, article, name_vi, name_en, category_group, sort_order) values
	('murder', '123', 'Giết người', 'Murder', 'violent', 1),
	('assault', '134', 'Cố ý gây thương tích', 'Intentional injury', 'violent', 2),
	('unlawful_detention', '157', 'Bắt, giữ người trái pháp luật', 'Unlawful detention', 'violent', 3),
	('robbery', '168', 'Cướp tài sản', 'Robbery', 'violent', 4),
	('kidnap_ransom', '169', 'Bắt cóc nhằm chiếm đoạt tài sản', 'Kidnapping for ransom', 'violent', 5),
	('extortion', '170', 'Cưỡng đoạt tài sản', 'Extortion', 'property', 6),
	('snatching', '171', 'Cướp giật tài sản', 'Snatch theft', 'property', 7),
	('open_appropriation', '172', 'Công nhiên chiếm đoạt tài sản', 'Open appropriation of property', 'property', 8),
	('theft', '173', 'Trộm cắp tài sản', 'Theft', 'property', 9),
	('fraud', '174', 'Lừa đảo chiếm đoạt tài sản', 'Fraud', 'property', 10),
	('property_damage', '178', 'Hủy hoại tài sản', 'Destruction of property', 'property', 11),
	('drugs', '249–256a', 'Tội phạm về ma túy', 'Drug offences', 'drugs', 12),
	('public_disorder', '318', 'Gây rối trật tự công cộng', 'Public disorder', 'order', 13),
	('gambling', '321', 'Đánh bạc', 'Gambling', 'order', 14),
	('organising_gambling', '322', 'Tổ chức đánh bạc', 'Organising gambling', 'order', 15);

create table incidents (
	id bigint generated always as identity primary key,
	zone_id uuid not null references zones (id) on delete cascade,
	category text not null references incident_categories (code),
	occurred_at timestamptz not null,
	reported_at timestamptz not null default now(),
	geom geometry(Point, 4326) not null,
	-- Criminal Code art. 9: 1 less serious, 2 serious, 3 very serious, 4 especially serious.
	severity smallint not null default 1 check (severity between 1 and 4),
	status text not null default 'new'
		check (status in ('new', 'handling', 'resolved', 'transferred')),
	source text not null default 'walk_in'
		check (source in ('hotline', 'mailbox', 'patrol', 'walk_in', 'company_security', 'team')),
	description text check (char_length(description) <= 4000),
	admin_unit_id uuid references admin_units (id) on delete set null,
	admin_unit_code text,
	is_demo boolean not null default false,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (reported_at >= occurred_at - interval '1 day')
);
create index incidents_zone_time_idx on incidents (zone_id, occurred_at);
create index incidents_geom_gix on incidents using gist (geom);
create index incidents_category_idx on incidents (category);
create index incidents_status_idx on incidents (zone_id, status) where status in ('new', 'handling');

create table accidents (
	id bigint generated always as identity primary key,
	zone_id uuid not null references zones (id) on delete cascade,
	occurred_at timestamptz not null,
	geom geometry(Point, 4326) not null,
	deaths smallint not null default 0 check (deaths between 0 and 500),
	injuries smallint not null default 0 check (injuries between 0 and 500),
	-- Thông tư 26/2024/TT-BCA art. 5: 1 especially serious … 5 traffic collision.
	severity_class smallint not null check (severity_class between 1 and 5),
	vehicles text[] not null default '{}',
	road_id uuid references roads (id) on delete set null,
	km numeric(8, 3),
	offset_m real,
	description text check (char_length(description) <= 4000),
	is_demo boolean not null default false,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create index accidents_zone_time_idx on accidents (zone_id, occurred_at);
create index accidents_geom_gix on accidents using gist (geom);
create index accidents_road_km_idx on accidents (road_id, km);

create table fire_sites (
	id uuid primary key default gen_random_uuid(),
	zone_id uuid not null references zones (id) on delete cascade,
	facility text not null,
	address text,
	geom geometry(Point, 4326) not null,
	-- Classes of Nghị định 136/2020 (amended 50/2024) / Luật PCCC&CNCH 55/2024 + NĐ 105/2025.
	fire_class text not null
		check (fire_class in ('fire_managed', 'explosion_risk', 'police_managed', 'commune_managed')),
	annex text,
	managing_level text not null check (managing_level in ('pc07', 'district_police', 'commune_police')),
	height_m real,
	floors smallint,
	area_m2 real,
	occupants integer,
	plan_approved_on date,
	last_inspected_on date,
	open_violations smallint not null default 0 check (open_violations >= 0),
	is_demo boolean not null default false,
	updated_at timestamptz not null default now()
);
create index fire_sites_zone_idx on fire_sites (zone_id);
create index fire_sites_geom_gix on fire_sites using gist (geom);
create index fire_sites_inspection_idx on fire_sites (zone_id, last_inspected_on);

create table security_teams (
	id uuid primary key default gen_random_uuid(),
	zone_id uuid not null references zones (id) on delete cascade,
	name text not null,
	-- company: inside an enterprise; residential: tự quản in a village/residential group;
	-- statutory: Tổ bảo vệ ANTT ở cơ sở (Luật 30/2023/QH15, since 2024-07-01).
	kind text not null check (kind in ('company', 'residential', 'statutory')),
	members smallint not null check (members between 1 and 500),
	geom geometry(Geometry, 4326) not null
		check (geometrytype(geom) in ('POINT', 'POLYGON', 'MULTIPOLYGON') and st_isvalid(geom)),
	admin_unit_code text,
	established_on date,
	is_demo boolean not null default false,
	updated_at timestamptz not null default now()
);
create index security_teams_zone_idx on security_teams (zone_id);
create index security_teams_geom_gix on security_teams using gist (geom);

create table patrol_routes (
	id uuid primary key default gen_random_uuid(),
	zone_id uuid not null references zones (id) on delete cascade,
	name text not null,
	geom geometry(Geometry, 4326) not null
		check (geometrytype(geom) in ('LINESTRING', 'MULTILINESTRING', 'POLYGON', 'MULTIPOLYGON')
			and st_isvalid(geom)),
	buffer_m real not null default 100 check (buffer_m between 0 and 5000),
	-- [{ "days": [1..7 ISO weekday], "start": "HH:mm", "end": "HH:mm" }], local time.
	schedule jsonb not null default '[]'::jsonb check (jsonb_typeof(schedule) = 'array'),
	active boolean not null default true,
	is_demo boolean not null default false,
	updated_at timestamptz not null default now()
);
create index patrol_routes_zone_idx on patrol_routes (zone_id);
create index patrol_routes_geom_gix on patrol_routes using gist (geom);

-- Which unit was in force where and when: the calendar day is the local (UTC+7) one.
create function admin_unit_at(p_zone uuid, p_geom geometry, p_at timestamptz)
returns admin_units
language sql stable
as $$
	select u.*
	from admin_units u
	where u.zone_id = p_zone
		and u.geom && p_geom
		and st_intersects(u.geom, p_geom)
		and u.valid_from <= (p_at at time zone 'Asia/Ho_Chi_Minh')::date
		and (u.valid_to is null or u.valid_to >= (p_at at time zone 'Asia/Ho_Chi_Minh')::date)
	order by u.valid_from desc
	limit 1
$$;

create function incidents_assign_admin_unit() returns trigger
language plpgsql
as $$
declare
	u admin_units;
begin
	u := admin_unit_at(new.zone_id, new.geom, new.occurred_at);
	new.admin_unit_id := u.id;
	new.admin_unit_code := u.code;
	return new;
end
$$;

create trigger incidents_admin_unit
	before insert or update of geom, occurred_at, zone_id on incidents
	for each row execute function incidents_assign_admin_unit();

-- Linear referencing: chainage (km) of a point on a calibrated road, computed in metres (UTM 48N)
-- so that the interpolation between kilometre posts is not skewed by degrees of longitude
-- being shorter than degrees of latitude.
create function road_chainage_km(p_road_geom geometry, p_point geometry)
returns double precision
language sql immutable strict
as $$
	select st_interpolatepoint(st_transform(p_road_geom, 32648), st_transform(p_point, 32648))
$$;

create function accidents_locate_on_road() returns trigger
language plpgsql
as $$
declare
	r roads;
begin
	if new.road_id is null then
		select * into r from roads
		where zone_id = new.zone_id and st_dwithin(geom::geography, new.geom::geography, 500)
		order by geom::geography <-> new.geom::geography
		limit 1;
	else
		select * into r from roads where id = new.road_id;
	end if;
	if r.id is null then
		new.road_id := null;
		new.km := null;
		new.offset_m := null;
	else
		new.road_id := r.id;
		new.km := round(road_chainage_km(r.geom, new.geom)::numeric, 3);
		new.offset_m := st_distance(st_force2d(r.geom)::geography, new.geom::geography);
	end if;
	return new;
end
$$;

create trigger accidents_road_position
	before insert or update of geom, road_id, zone_id on accidents
	for each row execute function accidents_locate_on_road();

create function touch_updated_at() returns trigger
language plpgsql
as $$
begin
	new.updated_at := now();
	return new;
end
$$;

create trigger incidents_touch before update on incidents
	for each row execute function touch_updated_at();
create trigger accidents_touch before update on accidents
	for each row execute function touch_updated_at();
create trigger fire_sites_touch before update on fire_sites
	for each row execute function touch_updated_at();
create trigger security_teams_touch before update on security_teams
	for each row execute function touch_updated_at();
create trigger patrol_routes_touch before update on patrol_routes
	for each row execute function touch_updated_at();

-- Live updates: every change is announced on the `changes` channel; the server LISTENs and fans
-- out over Server-Sent Events. Bulk loads set `app.bulk_load = on` to skip the per-row notices.
create function notify_change() returns trigger
language plpgsql
as $$
declare
	rec record;
begin
	if coalesce(current_setting('app.bulk_load', true), '') = 'on' then
		return null;
	end if;
	if tg_op = 'DELETE' then
		rec := old;
	else
		rec := new;
	end if;
	perform pg_notify('changes', json_build_object(
		'table', tg_table_name,
		'op', lower(tg_op),
		'id', rec.id,
		'zoneId', rec.zone_id
	)::text);
	return null;
end
$$;

create trigger incidents_notify after insert or update or delete on incidents
	for each row execute function notify_change();
create trigger accidents_notify after insert or update or delete on accidents
	for each row execute function notify_change();
create trigger patrol_routes_notify after insert or update or delete on patrol_routes
	for each row execute function notify_change();
