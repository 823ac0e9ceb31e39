-- Trends for the steering board (issue 12): period KPIs against the previous period and the same
-- period last year, time series by category and by administrative unit, and the hour-of-week grid.
--
-- Administrative units changed in 2025 (DOMAIN.md): every figure by unit can be given by the unit
-- in force at the time (the unit the incidents' trigger assigned on the incident's Vietnam day:
-- communes until 2024-12-31, the interim wards of 2025-01-01 – 2025-06-30, today's wards since) or
-- re-aggregated to today's units (each incident joined again, by its point, to the units in force
-- today; "unknown" where it lies in none).
--
-- Disclosure (README, "Disclosure rule for aggregate-only roles"): exact roles get exact counts of
-- the window asked for. Aggregate-only roles get whole Vietnam days ending no later than the start
-- of today (app.aggregate_window), and every figure is a sum of protected elementary cells, split
-- as far as the figure is: a total, one Vietnam day; by category (and by category group, the sum
-- of its categories), day × category; by unit, day × unit — the same cells, so the same values,
-- as app.incident_stats publishes for the same window. A category filter makes the category part
-- of every cell (day × category, day × unit × category), so filtered figures add up over
-- categories. Each margin (by group, category or unit, of one period or one bucket) is published
-- as app.incident_stats publishes its margins: below 3 null, and where exactly one key is, the
-- next smallest too (app.published_margin). Changes (the Poisson z) are computed on the published
-- values, as the situation panel's are, and only where both are published (a suppressed value may
-- be a secondary suppression of 3 or more, which a z would give away). The hour-of-week grid is published over whole months only (cells: month × weekday ×
-- hour), so that no figure dates an incident to an hour of a known day.

-- 1. Elementary cells -----------------------------------------------------------------------------

-- The incidents of [p_from, p_to) (of p_categories when given) as elementary cells with their true
-- count n and key sum k (see 20261129000100_disclosure_rule.sql): dim 'total' by Vietnam day (×
-- category when filtered), 'category' by day × category, 'unit' by day × unit (× category when
-- filtered). A unit key is the admin_units id in force at the time, or with p_today_units the id
-- of the unit in force today that contains the incident's point; 'unknown' where there is none.
-- Internal: the secret keys are only summed here, and only the analytics functions below call it.
create function app.incident_day_cells(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_categories text[],
	p_today_units boolean
)
returns table (dim text, day integer, key text, category text, n integer, k bigint)
language sql stable
as $$
	with today_units as materialized (
		select u.id, u.geom
		from admin_units u
		where p_today_units and u.zone_id = p_zone
			and u.valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date
			and (u.valid_to is null or u.valid_to >= (now() at time zone 'Asia/Ho_Chi_Minh')::date)
	),
	-- Squares of 0.001° (about 100 m) lying wholly inside one of today's units: an incident in one
	-- of them is in that unit without a point-in-polygon test. Measured on a year of 1,000,000
	-- incidents (225,000): the test for every incident took 4.2 s, the squares (tested unit by
	-- unit, each unit's polygon prepared once) leave it for the few near a boundary.
	squares as materialized (
		select sx, sy, t.id
		from today_units t,
			generate_series(floor(st_xmin(t.geom) * 1000)::integer, floor(st_xmax(t.geom) * 1000)::integer) as sx,
			generate_series(floor(st_ymin(t.geom) * 1000)::integer, floor(st_ymax(t.geom) * 1000)::integer) as sy
		where st_contains(t.geom, st_makeenvelope(sx / 1000.0, sy / 1000.0, (sx + 1) / 1000.0, (sy + 1) / 1000.0, 4326))
	),
	i as (
		select app.vn_day(i.occurred_at) as d, i.category,
			case when p_categories is not null then i.category end as cf,
			case when not p_today_units then coalesce(i.admin_unit_id::text, 'unknown')
				when sq.id is not null then sq.id::text
				else coalesce((select t.id::text from today_units t
					where t.geom && i.geom and st_intersects(t.geom, i.geom) order by t.id limit 1), 'unknown')
				end as unit,
			(hashint8extended(i.id, s.seed) & 4095)::bigint as k
		from incidents i
		cross join app.disclosure_secret s
		left join squares sq on p_today_units and sq.sx = floor(i.lon * 1000)::integer and sq.sy = floor(i.lat * 1000)::integer
		where i.zone_id = p_zone and i.occurred_at >= p_from and i.occurred_at < p_to
			and (p_categories is null or i.category = any (p_categories))
	)
	select case when grouping(i.unit) = 0 then 'unit' when grouping(i.category) = 0 then 'category' else 'total' end,
		i.d,
		case when grouping(i.unit) = 0 then i.unit when grouping(i.category) = 0 then i.category else 'total' end,
		coalesce(i.category, i.cf),
		count(*)::integer,
		sum(i.k)::bigint
	from i
	group by grouping sets ((i.d, i.cf), (i.d, i.category), (i.d, i.unit, i.cf))
$$;
revoke all on function app.incident_day_cells(uuid, timestamptz, timestamptz, text[], boolean)
	from public, anon, authenticated;

-- The units a figure by unit lists: in force at some day of [p_from, p_to) (p_today false), or in
-- force today (p_today true); then 'unknown'.
create function app.analytics_units(p_zone uuid, p_from timestamptz, p_to timestamptz, p_today boolean)
returns table (key text, code text, name text, level text, valid_from date, valid_to date)
language sql stable
as $$
	select u.id::text, u.code, u.name, u.level, u.valid_from, u.valid_to
	from admin_units u
	where u.zone_id = p_zone
		and case when p_today then
				u.valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date
				and (u.valid_to is null or u.valid_to >= (now() at time zone 'Asia/Ho_Chi_Minh')::date)
			else
				u.valid_from < ((p_to - interval '1 microsecond') at time zone 'Asia/Ho_Chi_Minh')::date + 1
				and (u.valid_to is null or u.valid_to >= (p_from at time zone 'Asia/Ho_Chi_Minh')::date)
			end
	union all
	select 'unknown', null, null, null, null, null
$$;
revoke all on function app.analytics_units(uuid, timestamptz, timestamptz, boolean) from public, anon, authenticated;

-- Whether a unit (by its validity) was in force on some day of [p_from, p_to); 'unknown' always.
create function app.unit_in_force(p_valid_from date, p_valid_to date, p_from timestamptz, p_to timestamptz)
returns boolean
language sql immutable
as $$
	select p_valid_from is null
		or (p_valid_from < ((p_to - interval '1 microsecond') at time zone 'Asia/Ho_Chi_Minh')::date + 1
			and (p_valid_to is null or p_valid_to >= (p_from at time zone 'Asia/Ho_Chi_Minh')::date))
$$;
revoke all on function app.unit_in_force(date, date, timestamptz, timestamptz) from public, anon, authenticated;

-- Checks the parameters every trend function takes; refusals are 22023 naming the parameter.
create function app.check_trend_parameters(
	p_from timestamptz,
	p_to timestamptz,
	p_units text,
	p_categories text[]
) returns void
language plpgsql stable
as $$
begin
	if p_from is null or p_to is null or p_from >= p_to then
		raise exception 'from must be before to' using errcode = '22023', column = 'from';
	end if;
	if p_to - p_from > interval '3653 days' then
		raise exception 'a window of at most 10 years' using errcode = '22023', column = 'from';
	end if;
	if p_units is null or p_units not in ('at_time', 'today') then
		raise exception 'units must be at_time or today' using errcode = '22023', column = 'units';
	end if;
	if p_categories is not null and (cardinality(p_categories) = 0
		or exists (select 1 from unnest(p_categories) c where c not in (select code from incident_categories))) then
		raise exception 'unknown category' using errcode = '22023', column = 'category';
	end if;
end
$$;
revoke all on function app.check_trend_parameters(timestamptz, timestamptz, text, text[]) from public, anon, authenticated;

-- 2. Period KPIs ---------------------------------------------------------------------------------

-- The windows a period is compared with. current: [p_from, p_to). previous: the period before —
-- for a month, quarter or year one calendar month, three or twelve earlier (Vietnam calendar),
-- for a custom period the same length immediately before; in every case as long as the current
-- window (a month to date is compared with the same days of the month before) but never past the
-- current window's start. lastYear: the current window one calendar year earlier.
create function app.comparison_windows(p_kind text, p_from timestamptz, p_to timestamptz)
returns table (period text, window_from timestamptz, window_to timestamptz)
language plpgsql immutable
as $$
declare
	prev_from timestamptz;
begin
	prev_from := case p_kind
		when 'month' then app.vn_add_months(p_from, -1)
		when 'quarter' then app.vn_add_months(p_from, -3)
		when 'year' then app.vn_add_months(p_from, -12)
		when 'custom' then p_from - (p_to - p_from)
	end;
	if prev_from is null then
		raise exception 'kind must be month, quarter, year or custom' using errcode = '22023', column = 'kind';
	end if;
	return query values
		('current', p_from, p_to),
		('previous', prev_from, least(prev_from + (p_to - p_from), p_from)),
		('lastYear', app.vn_add_months(p_from, -12), app.vn_add_months(p_to, -12));
end
$$;
revoke all on function app.comparison_windows(text, timestamptz, timestamptz) from public, anon, authenticated;

-- Counts of a period, total, by category group, by category and by unit, each against the
-- previous period and the same period last year (app.count_change: difference, percent, Poisson z,
-- band, direction). p_kind: month | quarter | year | custom (only the previous period depends on
-- it); p_units: at_time (units in force during the current window; a unit not in force in a
-- compared window gets null there, with inForce false) | today (today's units for every window).
-- A JSON object: {kind, unitMode, disclosure, window, periods: {current, previous, lastYear},
-- categories, rows: [{dimension, key, current, previous, lastYear, vsPrevious, vsLastYear,
-- inForce?}], units: [{key, code, name, level, validFrom, validTo}], suppressed}.
create function app.incident_kpis(
	p_zone uuid,
	p_kind text,
	p_from timestamptz,
	p_to timestamptz,
	p_units text default 'at_time',
	p_categories text[] default null
)
returns jsonb
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	w record;
	result jsonb;
begin
	perform app.require_zone(p_zone);
	perform app.check_trend_parameters(p_from, p_to, p_units, p_categories);
	select * into w from app.aggregate_window(p_from, p_to);
	with periods as (
		select * from app.comparison_windows(p_kind, w.window_from, w.window_to)
	),
	cells as (
		select p.period, c.*
		from periods p,
			lateral app.incident_day_cells(p_zone, p.window_from, p.window_to, p_categories, p_units = 'today') c
	),
	-- Published values of the elementary cells.
	v as (
		select c.period, c.dim, c.key, c.category,
			case when w.protected then app.protected_count(c.n, c.k) else c.n end as n
		from cells c
	),
	units as (
		select * from app.analytics_units(p_zone, w.window_from, w.window_to, p_units = 'today')
	),
	keys as (
		select 'total' as dimension, 'total' as key, 1 as ord
		union all
		select 'group', g.category_group, 2 from (select distinct category_group from incident_categories
			where p_categories is null or code = any (p_categories)) g
		union all
		select 'category', c.code, 3 from incident_categories c where p_categories is null or c.code = any (p_categories)
		union all
		select 'unit', u.key, 4 from units u
	),
	sums as (
		select 'total' as dimension, 'total' as key, v.period, sum(v.n)::integer as n from v where v.dim = 'total' group by v.period
		union all
		select 'group', ic.category_group, v.period, sum(v.n)::integer
		from v join incident_categories ic on ic.code = v.category where v.dim = 'category' group by ic.category_group, v.period
		union all
		select 'category', v.key, v.period, sum(v.n)::integer from v where v.dim = 'category' group by v.key, v.period
		union all
		select 'unit', v.key, v.period, sum(v.n)::integer from v where v.dim = 'unit' group by v.key, v.period
	),
	grid0 as (
		select k.dimension, k.key, k.ord, p.period,
			-- The key secondary suppression breaks ties by: a unit's code and start of validity
			-- (ids differ between databases), as app.incident_stats orders codes.
			coalesce(u.code || '@' || u.valid_from, k.key) as label,
			k.dimension <> 'unit' or p_units = 'today'
				or app.unit_in_force(u.valid_from, u.valid_to, p.window_from, p.window_to) as in_force,
			coalesce(s.n, 0) as n
		from keys k
		cross join periods p
		left join units u on k.dimension = 'unit' and u.key = k.key
		left join sums s on s.dimension = k.dimension and s.key = k.key and s.period = p.period
	),
	-- Protected margins (by group, category, unit) as app.incident_stats publishes them: below 3
	-- null, and where exactly one key is, the next smallest too (app.published_margin).
	margins as (
		select g.dimension, g.period, app.published_margin(jsonb_object_agg(g.label, g.n)) as m
		from grid0 g
		where w.protected and g.dimension <> 'total' and g.in_force
		group by g.dimension, g.period
	),
	grid as (
		select g.dimension, g.key, g.label, g.ord, g.period, g.in_force,
			case when not g.in_force then null
				when not w.protected then g.n
				when g.dimension = 'total' then nullif(g.n, 0)
				else (m.m ->> g.label)::integer end as n
		from grid0 g
		left join margins m on m.dimension = g.dimension and m.period = g.period
	),
	rows_ as (
		select g.dimension, g.key, g.label, g.ord,
			max(g.n) filter (where g.period = 'current') as cur,
			max(g.n) filter (where g.period = 'previous') as prev,
			max(g.n) filter (where g.period = 'lastYear') as ly,
			bool_and(g.in_force) filter (where g.period = 'previous') as prev_in_force,
			bool_and(g.in_force) filter (where g.period = 'lastYear') as ly_in_force
		from grid g
		group by g.dimension, g.key, g.label, g.ord
	)
	select jsonb_build_object(
		'kind', p_kind,
		'unitMode', p_units,
		'disclosure', case when w.protected then 'protected' else 'exact' end,
		'window', jsonb_build_object('from', app.iso_instant(w.window_from), 'to', app.iso_instant(w.window_to)),
		'periods', (select jsonb_object_agg(p.period, jsonb_build_object('from', app.iso_instant(p.window_from),
			'to', app.iso_instant(p.window_to))) from periods p),
		'categories', to_jsonb(p_categories),
		'rows', (select jsonb_agg(jsonb_build_object(
				'dimension', r.dimension,
				'key', r.key,
				'current', r.cur,
				'previous', r.prev,
				'lastYear', r.ly,
				-- Only between published counts: a suppressed one may be a secondary suppression,
				-- whose value a z would give away.
				'vsPrevious', case when r.cur is not null and r.prev is not null then app.count_change(r.cur, r.prev) end,
				'vsLastYear', case when r.cur is not null and r.ly is not null then app.count_change(r.cur, r.ly) end)
				|| case when r.dimension = 'unit' and p_units = 'at_time'
					then jsonb_build_object('inForce', jsonb_build_object('previous', r.prev_in_force, 'lastYear', r.ly_in_force))
					else '{}'::jsonb end
			order by r.ord, r.label) from rows_ r),
		'units', (select jsonb_agg(jsonb_build_object('key', u.key, 'code', u.code, 'name', u.name, 'level', u.level,
			'validFrom', u.valid_from, 'validTo', u.valid_to) order by u.valid_from nulls last, u.code) from units u),
		'suppressed', w.protected and exists (select 1 from rows_ r where r.cur is null
			or (r.prev is null and r.prev_in_force) or (r.ly is null and r.ly_in_force))
	) into result;
	return result;
end
$$;
revoke all on function app.incident_kpis(uuid, text, timestamptz, timestamptz, text, text[]) from public, anon, authenticated;
grant execute on function app.incident_kpis(uuid, text, timestamptz, timestamptz, text, text[]) to authenticated, service_role;

-- 3. Time series ------------------------------------------------------------------------------------

-- Counts per Vietnam week (Monday first) or month, by p_by: total | group | category | unit (by the
-- unit in force at the time, or with p_units 'today' re-aggregated to today's units). Buckets are
-- cut to the window. A JSON object: {bucket, by, unitMode, disclosure, window, categories,
-- buckets: [{label, from, to}], series: [{key, values}], units?: [...], suppressed}; values line
-- up with buckets. By unit in force at the time, a bucket in which the unit was not in force is
-- null (the units list their validity).
create function app.incident_series(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_bucket text,
	p_by text,
	p_units text default 'at_time',
	p_categories text[] default null
)
returns jsonb
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	w record;
	result jsonb;
begin
	perform app.require_zone(p_zone);
	perform app.check_trend_parameters(p_from, p_to, p_units, p_categories);
	if p_bucket is null or p_bucket not in ('week', 'month') then
		raise exception 'bucket must be week or month' using errcode = '22023', column = 'bucket';
	end if;
	if p_by is null or p_by not in ('total', 'group', 'category', 'unit') then
		raise exception 'by must be total, group, category or unit' using errcode = '22023', column = 'by';
	end if;
	select * into w from app.aggregate_window(p_from, p_to);
	with buckets as (
		select row_number() over (order by b) as i,
			case when p_bucket = 'month' then to_char(b, 'YYYY-MM') else to_char(b, 'YYYY-MM-DD') end as label,
			greatest(w.window_from, b at time zone 'Asia/Ho_Chi_Minh') as t0,
			least(w.window_to, (b + case when p_bucket = 'month' then interval '1 month' else interval '7 days' end)
				at time zone 'Asia/Ho_Chi_Minh') as t1
		from generate_series(date_trunc(p_bucket, w.window_from at time zone 'Asia/Ho_Chi_Minh'),
			w.window_to at time zone 'Asia/Ho_Chi_Minh' - interval '1 microsecond',
			case when p_bucket = 'month' then interval '1 month' else interval '7 days' end) as b
	),
	cells as (
		select c.* from app.incident_day_cells(p_zone, w.window_from, w.window_to, p_categories, p_units = 'today') c
		where c.dim = case p_by when 'unit' then 'unit' when 'total' then 'total' else 'category' end
	),
	v as (
		select b.i, case when p_by = 'group' then ic.category_group else c.key end as key,
			case when w.protected then app.protected_count(c.n, c.k) else c.n end as n
		from cells c
		join buckets b on c.day >= app.vn_day(b.t0) and c.day < app.vn_day(b.t1 - interval '1 microsecond') + 1
		left join incident_categories ic on ic.code = c.category
	),
	units as (
		select * from app.analytics_units(p_zone, w.window_from, w.window_to, p_units = 'today') where p_by = 'unit'
	),
	keys as (
		select 'total' as key, 'total' as label, null::date as valid_from, null::date as valid_to, 1 as ord
		where p_by = 'total'
		union all
		select distinct ic.category_group, ic.category_group, null::date, null::date, 1 from incident_categories ic
		where p_by = 'group' and (p_categories is null or ic.code = any (p_categories))
		union all
		select ic.code, ic.code, null::date, null::date, ic.sort_order from incident_categories ic
		where p_by = 'category' and (p_categories is null or ic.code = any (p_categories))
		union all
		select u.key, coalesce(u.code || '@' || u.valid_from, u.key), u.valid_from, u.valid_to, 1 from units u
	),
	sums as (
		select v.i, v.key, sum(v.n)::integer as n from v group by v.i, v.key
	),
	grid0 as (
		select k.key, k.label, k.ord, b.i, g.in_force, coalesce(s.n, 0) as n
		from keys k
		cross join buckets b
		cross join lateral (select p_by <> 'unit' or p_units = 'today'
			or app.unit_in_force(k.valid_from, k.valid_to, b.t0, b.t1) as in_force) g
		left join sums s on s.i = b.i and s.key = k.key
	),
	-- Each bucket's margin published as app.incident_stats publishes one (app.published_margin).
	margins as (
		select g.i, app.published_margin(jsonb_object_agg(g.label, g.n)) as m
		from grid0 g
		where w.protected and p_by <> 'total' and g.in_force
		group by g.i
	),
	grid as (
		select g.key, g.label, g.ord, g.i, g.in_force,
			case when not g.in_force then null
				when not w.protected then g.n
				when p_by = 'total' then nullif(g.n, 0)
				else (m.m ->> g.label)::integer end as n
		from grid0 g
		left join margins m on m.i = g.i
	)
	select jsonb_build_object(
		'bucket', p_bucket,
		'by', p_by,
		'unitMode', p_units,
		'disclosure', case when w.protected then 'protected' else 'exact' end,
		'window', jsonb_build_object('from', app.iso_instant(w.window_from), 'to', app.iso_instant(w.window_to)),
		'categories', to_jsonb(p_categories),
		'buckets', coalesce((select jsonb_agg(jsonb_build_object('label', b.label, 'from', app.iso_instant(b.t0),
			'to', app.iso_instant(b.t1)) order by b.i) from buckets b), '[]'::jsonb),
		'series', coalesce((select jsonb_agg(jsonb_build_object('key', s.key, 'values', s.values) order by s.ord, s.label)
			from (select g.key, g.label, g.ord, jsonb_agg(g.n order by g.i) as values from grid g
				group by g.key, g.label, g.ord) s), '[]'::jsonb),
		'units', (select jsonb_agg(jsonb_build_object('key', u.key, 'code', u.code, 'name', u.name, 'level', u.level,
			'validFrom', u.valid_from, 'validTo', u.valid_to) order by u.valid_from nulls last, u.code) from units u),
		'suppressed', w.protected and exists (select 1 from grid g where g.n is null and g.in_force)
	) into result;
	return result;
end
$$;
revoke all on function app.incident_series(uuid, timestamptz, timestamptz, text, text, text, text[]) from public, anon, authenticated;
grant execute on function app.incident_series(uuid, timestamptz, timestamptz, text, text, text, text[]) to authenticated, service_role;

-- 4. Hour of week ----------------------------------------------------------------------------------

-- Incidents by Vietnam weekday (Monday first) and hour: {disclosure, window, categories, grid: 7
-- rows of 24 counts, total, suppressed}. Aggregate-only roles: the window widens to whole Vietnam
-- months (from the first day of p_from's month to the end of p_to's month) and ends no later than
-- the start of the current month; each count is the sum of protected cells month × weekday ×
-- hour (× category when filtered), null below 3.
create function app.incident_hour_of_week(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_categories text[] default null
)
returns jsonb
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	protected boolean := app.aggregate_only();
	v_from timestamptz := p_from;
	v_to timestamptz := p_to;
	month0 timestamptz := date_trunc('month', now() at time zone 'Asia/Ho_Chi_Minh') at time zone 'Asia/Ho_Chi_Minh';
	result jsonb;
begin
	perform app.require_zone(p_zone);
	perform app.check_trend_parameters(p_from, p_to, 'at_time', p_categories);
	if protected then
		v_from := date_trunc('month', p_from at time zone 'Asia/Ho_Chi_Minh') at time zone 'Asia/Ho_Chi_Minh';
		v_to := least(app.vn_add_months(date_trunc('month', (p_to - interval '1 microsecond') at time zone 'Asia/Ho_Chi_Minh')
			at time zone 'Asia/Ho_Chi_Minh', 1), month0);
		v_from := least(v_from, v_to);
	end if;
	with i as (
		select extract(isodow from l)::integer as dow, extract(hour from l)::integer as h,
			date_trunc('month', l) as m,
			case when p_categories is not null then ic.category end as cf,
			(hashint8extended(ic.id, s.seed) & 4095)::bigint as k
		from incidents ic, app.disclosure_secret s,
			lateral (select ic.occurred_at at time zone 'Asia/Ho_Chi_Minh' as l) t
		where ic.zone_id = p_zone and ic.occurred_at >= v_from and ic.occurred_at < v_to
			and (p_categories is null or ic.category = any (p_categories))
	),
	cells as (
		select i.dow, i.h, case when protected then app.protected_count(count(*), sum(i.k)::bigint) else count(*)::integer end as n
		from i group by i.dow, i.h, i.m, i.cf
	),
	grid as (
		select d.dow, hh.h, coalesce(sum(c.n), 0)::integer as n
		from generate_series(1, 7) as d (dow)
		cross join generate_series(0, 23) as hh (h)
		left join cells c on c.dow = d.dow and c.h = hh.h
		group by d.dow, hh.h
	)
	select jsonb_build_object(
		'disclosure', case when protected then 'protected' else 'exact' end,
		'window', jsonb_build_object('from', app.iso_instant(v_from), 'to', app.iso_instant(v_to)),
		'categories', to_jsonb(p_categories),
		'grid', (select jsonb_agg(r.hours order by r.dow) from (
			select g.dow, jsonb_agg(case when protected then nullif(g.n, 0) else g.n end order by g.h) as hours
			from grid g group by g.dow) r),
		'total', case when protected then nullif((select sum(g.n) from grid g), 0) else (select sum(g.n) from grid g) end,
		'suppressed', protected and exists (select 1 from grid g where g.n = 0)
	) into result;
	return result;
end
$$;
revoke all on function app.incident_hour_of_week(uuid, timestamptz, timestamptz, text[]) from public, anon, authenticated;
grant execute on function app.incident_hour_of_week(uuid, timestamptz, timestamptz, text[]) to authenticated, service_role;
