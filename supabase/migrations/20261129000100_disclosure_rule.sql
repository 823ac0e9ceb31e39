-- The disclosure rule (issue 9 §1): what a role that may only see aggregates (the steering board,
-- and any role marked so below) receives from every aggregate, decided here, in the functions
-- that read the rows. Other roles keep exact answers. The rule, stated for people, is in the
-- README ("Disclosure rule for aggregate-only roles").
--
-- An attack on the running system re-identified single incidents from the board's aggregates:
-- a 1-second window and 25 m hexagons gave a cell of 1, the category/unit/status tables of the
-- same window gave its attributes, and bisecting the total over time recovered every incident of
-- a week to the second. For aggregate-only roles:
--   1. windows widen to whole Vietnam (UTC+7) days, and end at the latest at the start of today
--      (a closed day no longer changes when a new incident is recorded, so polling cannot date
--      one);
--   2. hexagons are at least 200 m (smaller: refused, errcode 22023 naming `size`);
--   3. every published count is the sum, over the elementary cells it covers, of a perturbed
--      count (the cell-key method of the Australian Bureau of Statistics): an elementary cell is
--      one Vietnam day × what the figure is split by (hexagons: category × status × hexagon, so
--      that category and status filters add up; totals: nothing more; counts by category, by
--      unit, tips by status: that key). Each record has a secret key
--      (hashint8extended of its id with the seed below); a cell's key is the sum of its records'
--      keys modulo 4096, and app.protected_count maps (true count, cell key) to a published
--      value that is never 1 or 2. The same records always give the same value, so a query
--      repeated or rephrased cannot be averaged; and because every answer is a sum of elementary
--      cells, the difference of two answers (longer window minus shorter, category set with and
--      without one category) is itself a sum of published elementary values: differencing learns
--      nothing a direct question would not;
--   4. a published value below 3 (that is, 0) is answered as null ("< 3", suppressed); every
--      category, unit and status is listed, so an empty one looks like a small one; a total is
--      perturbed itself (or, for hexagons and tips, the sum of its published parts), and where a
--      margin has exactly one suppressed key the next smallest is suppressed too.

-- 1. Which roles see aggregates only: data, read by one function --------------------------------

create table app.role_disclosure (
	role text primary key,
	aggregate_only boolean not null
);
insert into app.role_disclosure (role, aggregate_only) values
	('admin', false),
	('commander', false),
	('dispatcher', false),
	('planner', false),
	('board', true),
	('liaison', false),
	('team_lead', true);
alter table app.role_disclosure enable row level security;
revoke all on app.role_disclosure from public, anon, authenticated;

-- True when the caller's role may only receive protected aggregates. A role missing from the
-- table (or no role) counts as aggregate-only: the rule fails closed.
create function app.aggregate_only() returns boolean
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select coalesce((select d.aggregate_only from app.role_disclosure d where d.role = app.role()), true)
$$;
revoke all on function app.aggregate_only() from public, anon, authenticated;
grant execute on function app.aggregate_only() to authenticated, service_role;

-- 2. The secret behind record keys: never readable by a user ---------------------------------

create table app.disclosure_secret (
	only_row boolean primary key default true check (only_row),
	seed bigint not null
);
insert into app.disclosure_secret (seed) values (floor(random() * 4503599627370496)::bigint);
alter table app.disclosure_secret enable row level security;
revoke all on app.disclosure_secret from public, anon, authenticated;

-- 3. The window an answer uses ---------------------------------------------------------------

-- Exact roles: the window asked for. Aggregate-only roles: from the start of the Vietnam day of
-- p_from to the end of the Vietnam day of p_to, but no later than the start of today (Vietnam
-- time); an empty window (from = to) when nothing closed is left.
create function app.aggregate_window(
	p_from timestamptz,
	p_to timestamptz,
	out window_from timestamptz,
	out window_to timestamptz,
	out protected boolean
)
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	today0 timestamptz := date_trunc('day', now() at time zone 'Asia/Ho_Chi_Minh') at time zone 'Asia/Ho_Chi_Minh';
	to_day0 timestamptz;
begin
	protected := app.aggregate_only();
	if not protected then
		window_from := p_from;
		window_to := p_to;
		return;
	end if;
	window_from := date_trunc('day', coalesce(p_from, '-infinity') at time zone 'Asia/Ho_Chi_Minh') at time zone 'Asia/Ho_Chi_Minh';
	to_day0 := date_trunc('day', coalesce(p_to, today0) at time zone 'Asia/Ho_Chi_Minh') at time zone 'Asia/Ho_Chi_Minh';
	window_to := least(
		case when to_day0 < coalesce(p_to, today0) then to_day0 + interval '1 day' else to_day0 end,
		today0
	);
	if window_from > window_to then
		window_from := window_to;
	end if;
end
$$;
revoke all on function app.aggregate_window(timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function app.aggregate_window(timestamptz, timestamptz) to authenticated, service_role;

-- An instant as the API writes it (JavaScript's toISOString: UTC, milliseconds, "Z").
create function app.iso_instant(p_at timestamptz) returns text
language sql stable parallel safe
as $$ select to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
revoke all on function app.iso_instant(timestamptz) from public, anon;
grant execute on function app.iso_instant(timestamptz) to authenticated, service_role;

-- 4. The perturbation ------------------------------------------------------------------------

-- The published value of an elementary cell of p_n records whose keys add up to p_key (only
-- p_key mod 4096 matters; record keys are uniform in 0…4095). Never 1 or 2; 1 and 2 keep their
-- mean (1 → 0 or 3, 2 → 0 or 3); 3 and more move by −1, 0 or +1 (¼, ½, ¼), never below 3.
create function app.protected_count(p_n bigint, p_key bigint) returns integer
language sql immutable parallel safe
as $$
	select case
		when p_n <= 0 then 0
		when p_n = 1 then case when p_key % 4096 < 2731 then 0 else 3 end
		when p_n = 2 then case when p_key % 4096 < 1365 then 0 else 3 end
		else greatest(3, p_n::integer + case when p_key % 4096 < 1024 then -1 when p_key % 4096 < 3072 then 0 else 1 end)
	end
$$;
revoke all on function app.protected_count(bigint, bigint) from public, anon, authenticated;
grant execute on function app.protected_count(bigint, bigint) to authenticated, service_role;

-- The seed of record keys, for the security-definer functions below (not granted to anyone).
create function app.disclosure_seed() returns bigint
language sql stable security definer set search_path = public, extensions, pg_temp
as $$ select s.seed from app.disclosure_secret s $$;
revoke all on function app.disclosure_seed() from public, anon, authenticated;

-- The Vietnam day number of an instant (days since 1970-01-01, UTC+7; Vietnam has no DST). The
-- epoch of an interval, not of a timestamptz: that one is only stable, and a stable body keeps
-- PostgreSQL from inlining the function (a call per row costs ~5 µs).
create function app.vn_day(p_at timestamptz) returns integer
language sql immutable parallel safe
as $$ select floor((date_part('epoch', p_at - timestamptz '1970-01-01 00:00:00+00') + 25200) / 86400)::integer $$;
revoke all on function app.vn_day(timestamptz) from public, anon;
grant execute on function app.vn_day(timestamptz) to authenticated, service_role;

-- 5. Hex bins: one definition, exact or protected ---------------------------------------------

drop function public.incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[], text[]);

-- Same layout as 20261127001320_hexbin_status.sql (a local equirectangular frame in metres
-- centred on the zone, axial coordinates rounded in cube space). With p_key_seed, each cell's
-- count is the sum of app.protected_count over its elementary cells (Vietnam day × category ×
-- status), keyed by that seed; without it, the exact count. Cells without incidents are omitted.
create function public.incident_hex_bins(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_size_m double precision,
	p_categories text[] default null,
	p_statuses text[] default null,
	p_key_seed bigint default null
)
returns table (q integer, r integer, n integer, geom geometry)
language sql stable
as $$
	with frame as materialized (
		select st_x(c) as lon0, st_y(c) as lat0, (metres_per_degree(st_y(c))).*
		from (select st_centroid(boundary) as c from zones where id = p_zone) z
	),
	frac as materialized (
		select (sqrt(3.0::float8) / 3 * x - y / 3) / p_size_m as fq, (2.0::float8 / 3 * y) / p_size_m as fr,
			d, c, s, k
		from (
			select (i.lon - f.lon0) * f.m_lon as x, (i.lat - f.lat0) * f.m_lat as y,
				case when p_key_seed is not null then app.vn_day(i.occurred_at) end as d,
				case when p_key_seed is not null then i.category_no end as c,
				case when p_key_seed is not null then i.status end as s,
				case when p_key_seed is not null then (hashint8extended(i.id, p_key_seed) & 4095)::integer end as k
			from incidents i, frame f
			where i.zone_id = p_zone
				and i.occurred_at >= p_from
				and i.occurred_at < p_to
				and (p_categories is null or i.category = any (p_categories))
				and (p_statuses is null or i.status = any (p_statuses))
		) p
	),
	cube as (
		select fq, fr, round(fq) as rx, round(-fq - fr) as ry, round(fr) as rz, d, c, s, k from frac
	),
	cells as (
		select
			(case when abs(rx - fq) > abs(ry + fq + fr) and abs(rx - fq) > abs(rz - fr) then -ry - rz
				else rx end)::integer as q,
			(case when abs(rx - fq) > abs(ry + fq + fr) and abs(rx - fq) > abs(rz - fr) then rz
				when abs(ry + fq + fr) > abs(rz - fr) then rz
				else -rx - ry end)::integer as r,
			d, c, s, k
		from cube
	),
	elementary as (
		select e.q, e.r, count(*) as n, sum(e.k) as k from cells e group by e.q, e.r, e.d, e.c, e.s
	),
	counted as (
		select e.q, e.r,
			sum(case when p_key_seed is null then e.n else app.protected_count(e.n, e.k) end)::integer as n
		from elementary e
		group by e.q, e.r
	)
	select k.q, k.r, k.n,
		st_setsrid(st_makepolygon(st_makeline(array(
			select st_makepoint(
				f.lon0 + (p_size_m * (sqrt(3.0::float8) * k.q + sqrt(3.0::float8) / 2 * k.r)
					+ p_size_m * cos(radians(60 * v - 30))) / f.m_lon,
				f.lat0 + (p_size_m * 1.5 * k.r + p_size_m * sin(radians(60 * v - 30))) / f.m_lat
			)
			from generate_series(0, 6) as v
		))), 4326) as geom
	from counted k, frame f
$$;
revoke all on function public.incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[], text[], bigint)
	from public, anon, authenticated;

-- What callers get: n is null where the published count is below 3 (suppressed).
create or replace function app.incident_hex_bins(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_size_m double precision,
	p_categories text[] default null,
	p_statuses text[] default null
)
returns table (q integer, r integer, n integer, geom geometry)
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	w record;
	v_seed bigint;
begin
	perform app.require_zone(p_zone);
	select * into w from app.aggregate_window(p_from, p_to);
	if not w.protected then
		return query
			select h.q, h.r, h.n, h.geom
			from public.incident_hex_bins(p_zone, p_from, p_to, p_size_m, p_categories, p_statuses) h;
		return;
	end if;
	if p_size_m is null or p_size_m < 200 then
		raise exception 'cells smaller than 200 m are not published to aggregate-only roles'
			using errcode = '22023', column = 'size';
	end if;
	-- A variable, not the call: PostgreSQL inlines public.incident_hex_bins, and a call in its
	-- arguments would run once per incident.
	v_seed := app.disclosure_seed();
	return query
		select h.q, h.r, nullif(h.n, 0), h.geom
		from public.incident_hex_bins(p_zone, w.window_from, w.window_to, p_size_m, p_categories,
			p_statuses, v_seed) h;
end
$$;
revoke all on function app.incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[], text[])
	from public, anon, authenticated;
grant execute on function app.incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[], text[])
	to authenticated, service_role;

-- 6. Incident counts by category and administrative unit ---------------------------------------

-- Protected sums over elementary cells of one Vietnam day × one key: the category (p_by
-- 'category'), the administrative unit ('unit', null: none) or nothing ('total'), optionally of
-- some statuses only. One row per key with incidents, its published value (may be 0). Each figure
-- is split only as far as it is published: a total over days of whole-day totals keeps the noise
-- low (a day of 6 incidents is off by at most 1), where splitting it by category first would add
-- the larger noise of many cells of 1 or 2. Internal: reached through the functions below.
create function app.incident_protected_sums(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_by text,
	p_statuses text[] default null
)
returns table (key text, n integer)
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select e.key, sum(e.u)::integer
	from (
		select case p_by when 'category' then i.category when 'unit' then i.admin_unit_code end as key,
			app.protected_count(count(*), sum((hashint8extended(i.id, s.seed) & 4095)::integer)) as u
		from incidents i, app.disclosure_secret s
		where i.zone_id = p_zone and i.occurred_at >= p_from and i.occurred_at < p_to
			and (p_statuses is null or i.status = any (p_statuses))
		group by 1, app.vn_day(i.occurred_at)
	) e
	group by e.key
$$;
revoke all on function app.incident_protected_sums(uuid, timestamptz, timestamptz, text, text[]) from public, anon, authenticated;

-- One published count of a set of records taken as a whole (a current state, such as the open
-- incidents, rather than a window of days).
create function app.incident_protected_count(p_zone uuid, p_statuses text[])
returns integer
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select app.protected_count(count(*), sum((hashint8extended(i.id, s.seed) & 4095)::integer))
	from incidents i, app.disclosure_secret s
	where i.zone_id = p_zone and i.status = any (p_statuses)
$$;
revoke all on function app.incident_protected_count(uuid, text[]) from public, anon, authenticated;

-- A margin as published: {key: count}, a count below 3 as null. When exactly one key is below 3,
-- the next smallest is suppressed too (secondary suppression), so that the total minus the
-- visible keys does not isolate one small cell even before its perturbation.
create function app.published_margin(p_counts jsonb) returns jsonb
language sql immutable
as $$
	with c as (select key, value::integer as n from jsonb_each_text(p_counts)),
	small as (select count(*) as k from c where c.n < 3),
	next_smallest as (select c.key from c where c.n >= 3 order by c.n, c.key limit 1)
	select coalesce(jsonb_object_agg(c.key,
		case when c.n < 3 or ((select k from small) = 1 and c.key = (select key from next_smallest))
			then null else to_jsonb(c.n) end), '{}'::jsonb)
	from c
$$;
revoke all on function app.published_margin(jsonb) from public, anon;
grant execute on function app.published_margin(jsonb) to authenticated, service_role;

-- The counts the board reads instead of rows: total, by category, by unit ("unknown": none).
-- Exact roles: exact counts of the window asked for, the keys with incidents. Aggregate-only
-- roles: whole days; the total and each margin summed from its own elementary cells (day, day ×
-- category, day × unit); every category and every unit in force during the window listed.
create function app.incident_stats(p_zone uuid, p_from timestamptz, p_to timestamptz)
returns jsonb
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	w record;
	v_total integer;
	v_category jsonb;
	v_unit jsonb;
begin
	perform app.require_zone(p_zone);
	select * into w from app.aggregate_window(p_from, p_to);
	if not w.protected then
		select count(*)::integer into v_total
		from incidents i where i.zone_id = p_zone and i.occurred_at >= p_from and i.occurred_at < p_to;
		select coalesce(jsonb_object_agg(x.k, x.n), '{}'::jsonb) into v_category
		from (select i.category as k, count(*)::integer as n from incidents i
			where i.zone_id = p_zone and i.occurred_at >= p_from and i.occurred_at < p_to group by 1) x;
		select coalesce(jsonb_object_agg(x.k, x.n), '{}'::jsonb) into v_unit
		from (select coalesce(i.admin_unit_code, 'unknown') as k, count(*)::integer as n from incidents i
			where i.zone_id = p_zone and i.occurred_at >= p_from and i.occurred_at < p_to group by 1) x;
	else
		select coalesce(sum(t.n), 0)::integer into v_total
		from app.incident_protected_sums(p_zone, w.window_from, w.window_to, 'total') t;
		select app.published_margin(jsonb_object_agg(c.code, coalesce(m.n, 0))) into v_category
		from incident_categories c
		left join app.incident_protected_sums(p_zone, w.window_from, w.window_to, 'category') m on m.key = c.code;
		select app.published_margin(jsonb_object_agg(u.code, coalesce(m.n, 0))) into v_unit
		from (
			select distinct coalesce(au.code, 'unknown') as code from admin_units au
			where au.zone_id = p_zone
				and au.valid_from < (w.window_to at time zone 'Asia/Ho_Chi_Minh')::date + 1
				and (au.valid_to is null or au.valid_to >= (w.window_from at time zone 'Asia/Ho_Chi_Minh')::date)
			union select 'unknown'
			union select coalesce(s.key, 'unknown') from app.incident_protected_sums(p_zone, w.window_from, w.window_to, 'unit') s
		) u
		left join app.incident_protected_sums(p_zone, w.window_from, w.window_to, 'unit') m
			on coalesce(m.key, 'unknown') = u.code;
	end if;
	return jsonb_build_object(
		'window', jsonb_build_object('from', app.iso_instant(w.window_from), 'to', app.iso_instant(w.window_to)),
		'disclosure', case when w.protected then 'protected' else 'exact' end,
		'total', case when w.protected then nullif(v_total, 0) else v_total end,
		'byCategory', v_category,
		'byUnit', v_unit,
		'suppressed', w.protected and (v_total < 3
			or exists (select 1 from jsonb_each(v_category) e where e.value = 'null'::jsonb)
			or exists (select 1 from jsonb_each(v_unit) e where e.value = 'null'::jsonb))
	);
end
$$;
revoke all on function app.incident_stats(uuid, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function app.incident_stats(uuid, timestamptz, timestamptz) to authenticated, service_role;

-- Its category × unit cross-tab is not published to anyone any more: /api/stats/incidents reads
-- app.incident_stats, and a cross-tab would be one more table to difference for the board.
drop function app.incident_counts(uuid, timestamptz, timestamptz);

-- 7. Tip counts by status -------------------------------------------------------------------

-- Protected tip counts over elementary cells (Vietnam day of receipt × status), per status.
create function app.tip_protected_cells(p_zone uuid, p_from timestamptz, p_to timestamptz)
returns table (status text, n integer)
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select e.status, sum(e.u)::integer
	from (
		-- Tips get keys of their own (another seed), unrelated to incidents' keys.
		select t.status, app.protected_count(count(*), sum((hashint8extended(t.id, s.seed + 1) & 4095)::integer)) as u
		from tips t, app.disclosure_secret s
		where t.zone_id = p_zone and t.created_at >= p_from and t.created_at < p_to
		group by t.status, app.vn_day(t.created_at)
	) e
	group by e.status
$$;
revoke all on function app.tip_protected_cells(uuid, timestamptz, timestamptz) from public, anon, authenticated;

-- Exact roles: the statuses with tips. Aggregate-only roles: every status, n null below 3.
create or replace function app.tip_counts(p_zone uuid, p_from timestamptz, p_to timestamptz)
returns table (status text, n integer)
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	w record;
begin
	perform app.require_zone(p_zone);
	select * into w from app.aggregate_window(p_from, p_to);
	if not w.protected then
		return query
			select t.status, count(*)::integer from tips t
			where t.zone_id = p_zone and t.created_at >= p_from and t.created_at < p_to
			group by 1;
		return;
	end if;
	return query
		select s.status, nullif(coalesce(c.n, 0), 0)
		from unnest('{received,verifying,duplicate,rejected,converted,handled}'::text[]) as s(status)
		left join app.tip_protected_cells(p_zone, w.window_from, w.window_to) c on c.status = s.status;
end
$$;
revoke all on function app.tip_counts(uuid, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function app.tip_counts(uuid, timestamptz, timestamptz) to authenticated, service_role;

-- 8. The situation panel ----------------------------------------------------------------------

-- As in 20261127001100_situation.sql, and every answer names its windows and its disclosure.
-- Aggregate-only roles: today, the last 7 days and the 7 before are whole Vietnam days (today
-- included: these are totals only, no breakdown to date a single record by), each the sum of
-- protected day totals as in app.incident_stats; open incidents and tips awaiting triage are one
-- protected count each; z and `significant` are computed from the published figures. Accidents and
-- fire inspections are exact for everyone (accidents are published data: README, §11).
create or replace function app.situation(p_zone uuid, p_now timestamptz default now())
returns jsonb
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	today date := (p_now at time zone 'Asia/Ho_Chi_Minh')::date;
	day0 timestamptz := (today::timestamp at time zone 'Asia/Ho_Chi_Minh');
	month0 timestamptz := (date_trunc('month', today)::timestamp at time zone 'Asia/Ho_Chi_Minh');
	-- The same stretch of the month one year earlier (month-to-date against month-to-date).
	ly0 timestamptz := ((date_trunc('month', today) - interval '1 year')::timestamp at time zone 'Asia/Ho_Chi_Minh');
	ly1 timestamptz := (((today - interval '1 year')::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh');
	protected boolean := app.aggregate_only();
	t0 timestamptz; t1 timestamptz; l7 timestamptz; p7 timestamptz;
	c_today int; c_7 int; c_prev7 int; c_open int;
	a_now record; a_ly record;
	overdue int; tips_new int;
begin
	perform app.require_zone(p_zone);
	if protected then
		-- Whole days: today, the 7 days ending with today, the 7 before them.
		t0 := day0; t1 := day0 + interval '1 day';
		l7 := day0 - interval '6 days'; p7 := day0 - interval '13 days';
		select coalesce(sum(n), 0) into c_today from app.incident_protected_sums(p_zone, t0, t1, 'total');
		select coalesce(sum(n), 0) into c_7 from app.incident_protected_sums(p_zone, l7, t1, 'total');
		select coalesce(sum(n), 0) into c_prev7 from app.incident_protected_sums(p_zone, p7, l7, 'total');
		-- Current states, each one set of records: open incidents, tips awaiting triage.
		c_open := app.incident_protected_count(p_zone, '{new,handling}');
		select app.protected_count(count(*), sum((hashint8extended(t.id, s.seed + 1) & 4095)::integer))
		into tips_new
		from tips t, app.disclosure_secret s
		where t.zone_id = p_zone and t.status in ('received', 'verifying');
	else
		t0 := day0; t1 := p_now;
		l7 := p_now - interval '7 days'; p7 := p_now - interval '14 days';
		select
			count(*) filter (where occurred_at >= t0 and occurred_at < t1),
			count(*) filter (where occurred_at >= l7 and occurred_at < t1),
			count(*) filter (where occurred_at >= p7 and occurred_at < l7)
		into c_today, c_7, c_prev7
		from incidents where zone_id = p_zone and occurred_at >= least(p7, t0);
		select count(*) into c_open from incidents where zone_id = p_zone and status in ('new', 'handling');
		select count(*) into tips_new from tips where zone_id = p_zone and status in ('received', 'verifying');
	end if;
	select count(*)::int as n, coalesce(sum(deaths), 0)::int as deaths, coalesce(sum(injuries), 0)::int as injured
	into a_now from accidents where zone_id = p_zone and occurred_at >= month0 and occurred_at < p_now;
	select count(*)::int as n, coalesce(sum(deaths), 0)::int as deaths, coalesce(sum(injuries), 0)::int as injured
	into a_ly from accidents where zone_id = p_zone and occurred_at >= ly0 and occurred_at < ly1;
	select count(*) into overdue from fire_sites
	where zone_id = p_zone and (last_inspected_on is null or last_inspected_on < today - interval '12 months');
	return jsonb_build_object(
		'asOf', p_now,
		'disclosure', case when protected then 'protected' else 'exact' end,
		-- Only published values below 3 are null, and only in protected answers.
		'suppressed', protected and (c_today = 0 or c_7 = 0 or c_prev7 = 0 or c_open = 0 or tips_new = 0),
		'windows', jsonb_build_object(
			'today', jsonb_build_object('from', app.iso_instant(t0), 'to', app.iso_instant(t1)),
			'last7', jsonb_build_object('from', app.iso_instant(l7), 'to', app.iso_instant(t1)),
			'previous7', jsonb_build_object('from', app.iso_instant(p7), 'to', app.iso_instant(l7))),
		'incidents', jsonb_build_object(
			'today', case when protected then nullif(c_today, 0) else c_today end,
			'last7', case when protected then nullif(c_7, 0) else c_7 end,
			'previous7', case when protected then nullif(c_prev7, 0) else c_prev7 end,
			'z', round(app.poisson_z(c_7, c_prev7)::numeric, 2),
			'significant', abs(app.poisson_z(c_7, c_prev7)) >= 2,
			'open', case when protected then nullif(c_open, 0) else c_open end),
		'accidents', jsonb_build_object(
			'monthToDate', jsonb_build_object('accidents', a_now.n, 'deaths', a_now.deaths, 'injured', a_now.injured),
			'sameTimeLastYear', jsonb_build_object('accidents', a_ly.n, 'deaths', a_ly.deaths, 'injured', a_ly.injured),
			'z', jsonb_build_object(
				'accidents', round(app.poisson_z(a_now.n, a_ly.n)::numeric, 2),
				'deaths', round(app.poisson_z(a_now.deaths, a_ly.deaths)::numeric, 2),
				'injured', round(app.poisson_z(a_now.injured, a_ly.injured)::numeric, 2))),
		'fireSites', jsonb_build_object('overdueInspections', overdue),
		'tips', jsonb_build_object('awaitingTriage', case when protected then nullif(tips_new, 0) else tips_new end)
	);
end
$$;
revoke all on function app.situation(uuid, timestamptz) from public, anon, authenticated;
grant execute on function app.situation(uuid, timestamptz) to authenticated, service_role;

-- 9. Accidents (issue 9 §11): published data, their free text is not ---------------------------

-- Every role that may see the zone (the board included) reads accident rows — time, point,
-- casualties, class, vehicle kinds, chainage — as road-safety statistics publish them. The
-- free-text description may name people or plates: no user may read it (the API never sent it).
revoke all on accidents from anon, authenticated;
grant select (id, zone_id, occurred_at, geom, deaths, injuries, severity_class, vehicles, road_id, km,
	offset_m, is_demo, created_at, updated_at) on accidents to authenticated;
