-- QL10 traffic safety for the steering board (issue 12): the three criteria (accidents, deaths,
-- injuries) by month and year against the year before, and black-spot screening by sliding
-- windows along the road. Accidents are published data (README, "Traffic accidents are published
-- data"): exact counts for every role that may read them. The functions run as the caller
-- (security invoker), so row-level security decides which accidents count: a liaison officer's
-- figures cover the accidents inside their units, a team lead's none.

-- The caller's zone scope: the analytics refuse a zone the caller does not hold (42501), where a
-- plain read would only come back empty.
create function app.require_zone_scope(p_zone uuid) returns void
language plpgsql stable
as $$
begin
	if p_zone is null or not (p_zone = any (app.zones())) then
		raise exception 'zone % is not in your scope', p_zone using errcode = '42501';
	end if;
end
$$;
revoke all on function app.require_zone_scope(uuid) from public, anon, authenticated;
grant execute on function app.require_zone_scope(uuid) to authenticated, service_role;

-- 1. Sliding windows along calibrated roads ----------------------------------------------------------

-- Every window of p_window_m metres of chainage along each calibrated road of the zone, starting at
-- the road's first kilometre post and every p_step_m metres after it, up to the first window that
-- reaches the road's end (that one ends at the road's end, so it may be shorter), with the accidents
-- of [p_from, p_to) whose chainage lies in it (both ends included): how many, how many fatal, with
-- injured people, damage only; deaths, injuries; the EPDO score (app.epdo_score) and whether the
-- window meets the black-spot rule (app.black_spot_rule). Windows without accidents are left out.
-- One computation for the screening table and the map's merged black spots.
create function app.accident_windows(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_window_m integer default 500,
	p_step_m integer default 100
)
returns table (
	road_id uuid,
	road_code text,
	from_m integer,
	to_m integer,
	accidents integer,
	fatal_accidents integer,
	injury_accidents integer,
	damage_only integer,
	deaths integer,
	injuries integer,
	score integer,
	black_spot boolean
)
language sql stable
as $$
	with acc as (
		select a.road_id, round(a.km * 1000)::integer as m, a.deaths, a.injuries
		from accidents a
		where a.zone_id = p_zone
			and a.road_id is not null and a.km is not null
			and a.occurred_at >= p_from and a.occurred_at < p_to
	),
	road as (
		select r.id, r.code, round(r.km_start * 1000)::integer as m0, round(r.km_end * 1000)::integer as m1
		from roads r
		where r.zone_id = p_zone and r.id in (select acc.road_id from acc)
	),
	win as (
		select road.id, road.code, s as from_m, least(s + p_window_m, road.m1) as to_m
		from road, generate_series(road.m0, road.m1 - 1, p_step_m) as s
		-- The window before this one did not reach the road's end yet.
		where s = road.m0 or s - p_step_m + p_window_m < road.m1
	),
	counted as (
		select win.id, win.code, win.from_m, win.to_m,
			count(*)::integer as n,
			(count(*) filter (where acc.deaths > 0))::integer as fatal,
			(count(*) filter (where acc.injuries > 0))::integer as injured,
			(count(*) filter (where acc.deaths = 0 and acc.injuries > 0))::integer as injury_only,
			(count(*) filter (where acc.deaths = 0 and acc.injuries = 0))::integer as pdo,
			sum(acc.deaths)::integer as deaths,
			sum(acc.injuries)::integer as injuries
		from win join acc on acc.road_id = win.id and acc.m between win.from_m and win.to_m
		group by win.id, win.code, win.from_m, win.to_m
	)
	select c.id, c.code, c.from_m, c.to_m, c.n, c.fatal, c.injured, c.pdo, c.deaths, c.injuries,
		app.epdo_score(c.fatal, c.injury_only, c.pdo), app.black_spot_rule(c.n, c.fatal, c.injured)
	from counted c
$$;
revoke all on function app.accident_windows(uuid, timestamptz, timestamptz, integer, integer)
	from public, anon, authenticated;
grant execute on function app.accident_windows(uuid, timestamptz, timestamptz, integer, integer)
	to authenticated, service_role;

-- 2. The screening table -----------------------------------------------------------------------------

-- The windows of the 12 months before p_to (or [p_from, p_to) when p_from is given), ranked by
-- score (then by road and chainage), as a GeoJSON FeatureCollection: each window's line along the
-- road (ST_LocateBetween on the calibrated M values, kilometres) with {rank, road, fromKm, toKm,
-- fromLabel, toLabel (Km+m), accidents, fatalAccidents, injuryAccidents, damageOnly, deaths,
-- injuries, score, blackSpot}; and the period, window, step, weights and rule used.
-- Refused (22023, naming the parameter): windowM outside 100–5,000 m, stepM outside 10 m–windowM,
-- a period that is empty or longer than 5 years.
create function app.accident_screening(
	p_zone uuid,
	p_to timestamptz,
	p_window_m integer default 500,
	p_step_m integer default 100,
	p_from timestamptz default null
)
returns jsonb
language plpgsql stable
as $$
declare
	v_from timestamptz := coalesce(p_from, app.vn_add_months(p_to, -12));
	result jsonb;
begin
	perform app.require_zone_scope(p_zone);
	if p_window_m is null or p_window_m < 100 or p_window_m > 5000 then
		raise exception 'windowM must be between 100 and 5000 m' using errcode = '22023', column = 'windowM';
	end if;
	if p_step_m is null or p_step_m < 10 or p_step_m > p_window_m then
		raise exception 'stepM must be between 10 m and windowM' using errcode = '22023', column = 'stepM';
	end if;
	if p_to is null or v_from >= p_to or p_to - v_from > interval '1827 days' then
		raise exception 'the period must be non-empty and at most 5 years' using errcode = '22023', column = 'from';
	end if;
	select jsonb_build_object(
		'type', 'FeatureCollection',
		'features', coalesce(jsonb_agg(jsonb_build_object(
			'type', 'Feature',
			'geometry', st_asgeojson(st_force2d(st_locatebetween(r.geom, w.from_m / 1000.0::float8, w.to_m / 1000.0::float8)), 6)::jsonb,
			'properties', jsonb_build_object(
				'rank', w.rank,
				'road', w.road_code,
				'fromKm', w.from_m / 1000.0::float8,
				'toKm', w.to_m / 1000.0::float8,
				'fromLabel', km_label(w.from_m / 1000.0),
				'toLabel', km_label(w.to_m / 1000.0),
				'accidents', w.accidents,
				'fatalAccidents', w.fatal_accidents,
				'injuryAccidents', w.injury_accidents,
				'damageOnly', w.damage_only,
				'deaths', w.deaths,
				'injuries', w.injuries,
				'score', w.score,
				'blackSpot', w.black_spot)
		) order by w.rank), '[]'::jsonb),
		'period', jsonb_build_object('from', app.iso_instant(v_from), 'to', app.iso_instant(p_to)),
		'windowM', p_window_m,
		'stepM', p_step_m,
		'weights', jsonb_build_object('fatal', app.epdo_score(1, 0, 0), 'injury', app.epdo_score(0, 1, 0),
			'damageOnly', app.epdo_score(0, 0, 1)),
		'blackSpots', count(*) filter (where w.black_spot)
	)
	into result
	from (
		select aw.*, row_number() over (order by aw.score desc, aw.road_code, aw.from_m) as rank
		from app.accident_windows(p_zone, v_from, p_to, p_window_m, p_step_m) aw
	) w
	left join roads r on r.id = w.road_id;
	return result;
end
$$;
revoke all on function app.accident_screening(uuid, timestamptz, integer, integer, timestamptz)
	from public, anon, authenticated;
grant execute on function app.accident_screening(uuid, timestamptz, integer, integer, timestamptz)
	to authenticated, service_role;

-- 3. The map's black spots, from the same windows --------------------------------------------------

-- As in 20261127001340_accident_black_spots.sql (same signature and columns), but the sections are
-- now the windows of app.accident_windows (p_section_m long, every 100 m) that meet the rule,
-- merged where they overlap or touch, each drawn from its first to its last accident (at least
-- 100 m). Before, the windows started at each accident; a section whose accidents span almost the
-- whole window length (more than p_section_m − 100 m) may now be missed — the price of one
-- definition shared with the screening table.
create or replace function app.accident_black_spots(
	p_zone uuid,
	p_until timestamptz,
	p_section_m integer default 1000
)
returns table (
	road_code text,
	km_from numeric,
	km_to numeric,
	accidents integer,
	fatal_accidents integer,
	injury_accidents integer,
	deaths integer,
	injuries integer,
	geom geometry
)
language sql stable
as $$
	with hot as (
		select w.road_id, w.from_m, w.to_m,
			max(w.to_m) over (partition by w.road_id order by w.from_m
				rows between unbounded preceding and 1 preceding) as reach_before
		from app.accident_windows(p_zone, app.vn_add_months(p_until, -12), p_until, p_section_m, 100) w
		where w.black_spot
	),
	islands as (
		select hot.road_id, hot.from_m, hot.to_m,
			count(*) filter (where hot.reach_before is null or hot.from_m > hot.reach_before)
				over (partition by hot.road_id order by hot.from_m) as island
		from hot
	),
	spans as (
		select i.road_id, min(i.from_m) as from_m, max(i.to_m) as to_m from islands i group by i.road_id, i.island
	),
	acc as (
		select a.road_id, round(a.km * 1000)::integer as m, a.km, a.deaths, a.injuries
		from accidents a
		where a.zone_id = p_zone and a.road_id is not null and a.km is not null
			and a.occurred_at >= app.vn_add_months(p_until, -12) and a.occurred_at < p_until
	),
	sections as (
		select s.road_id, min(acc.km) as km_from, max(acc.km) as km_to,
			count(*)::integer as n,
			(count(*) filter (where acc.deaths > 0))::integer as fatal,
			(count(*) filter (where acc.injuries > 0))::integer as injured,
			sum(acc.deaths)::integer as deaths,
			sum(acc.injuries)::integer as injuries
		from spans s join acc on acc.road_id = s.road_id and acc.m between s.from_m and s.to_m
		group by s.road_id, s.from_m
	)
	select r.code, s.km_from, s.km_to, s.n, s.fatal, s.injured, s.deaths, s.injuries,
		st_force2d(st_locatebetween(r.geom,
			least(s.km_from, (s.km_from + s.km_to) / 2 - 0.05)::float8,
			greatest(s.km_to, (s.km_from + s.km_to) / 2 + 0.05)::float8))
	from sections s
	join roads r on r.id = s.road_id
	order by r.code, s.km_from
$$;

-- 4. The three criteria by month and year ---------------------------------------------------------

-- Accidents, deaths and injuries of [p_from, p_to) by Vietnam month and by Vietnam year, each
-- bucket cut to the period, against the same stretch one year earlier, with app.count_change for
-- each criterion (the Poisson test and its band). A JSON object: {period, months: [...], years:
-- [...]}, each bucket {month|year, from, to, current: {accidents, deaths, injuries}, lastYear:
-- {…}, change: {accidents, deaths, injuries}}. Refused (22023): an empty period or one longer
-- than 10 years.
create function app.accident_criteria(p_zone uuid, p_from timestamptz, p_to timestamptz)
returns jsonb
language plpgsql stable
as $$
declare
	result jsonb;
begin
	perform app.require_zone_scope(p_zone);
	if p_from is null or p_to is null or p_from >= p_to or p_to - p_from > interval '3653 days' then
		raise exception 'the period must be non-empty and at most 10 years' using errcode = '22023', column = 'from';
	end if;
	with buckets as (
		select 'month' as kind, to_char(b, 'YYYY-MM') as label,
			greatest(p_from, b at time zone 'Asia/Ho_Chi_Minh') as t0,
			least(p_to, (b + interval '1 month') at time zone 'Asia/Ho_Chi_Minh') as t1
		from generate_series(date_trunc('month', p_from at time zone 'Asia/Ho_Chi_Minh'),
			p_to at time zone 'Asia/Ho_Chi_Minh' - interval '1 microsecond', interval '1 month') as b
		union all
		select 'year', to_char(b, 'YYYY'),
			greatest(p_from, b at time zone 'Asia/Ho_Chi_Minh'),
			least(p_to, (b + interval '1 year') at time zone 'Asia/Ho_Chi_Minh')
		from generate_series(date_trunc('year', p_from at time zone 'Asia/Ho_Chi_Minh'),
			p_to at time zone 'Asia/Ho_Chi_Minh' - interval '1 microsecond', interval '1 year') as b
	),
	counted as (
		select b.kind, b.label, b.t0, b.t1, c.*, l.accidents as l_accidents, l.deaths as l_deaths, l.injuries as l_injuries
		from buckets b,
			lateral (select count(*)::integer as accidents, coalesce(sum(a.deaths), 0)::integer as deaths,
					coalesce(sum(a.injuries), 0)::integer as injuries
				from accidents a where a.zone_id = p_zone and a.occurred_at >= b.t0 and a.occurred_at < b.t1) c,
			lateral (select count(*)::integer as accidents, coalesce(sum(a.deaths), 0)::integer as deaths,
					coalesce(sum(a.injuries), 0)::integer as injuries
				from accidents a where a.zone_id = p_zone and a.occurred_at >= app.vn_add_months(b.t0, -12)
					and a.occurred_at < app.vn_add_months(b.t1, -12)) l
	),
	shaped as (
		select c.kind, c.t0, jsonb_build_object(
			c.kind, c.label,
			'from', app.iso_instant(c.t0),
			'to', app.iso_instant(c.t1),
			'current', jsonb_build_object('accidents', c.accidents, 'deaths', c.deaths, 'injuries', c.injuries),
			'lastYear', jsonb_build_object('accidents', c.l_accidents, 'deaths', c.l_deaths, 'injuries', c.l_injuries),
			'change', jsonb_build_object(
				'accidents', app.count_change(c.accidents, c.l_accidents),
				'deaths', app.count_change(c.deaths, c.l_deaths),
				'injuries', app.count_change(c.injuries, c.l_injuries))
		) as bucket
		from counted c
	)
	select jsonb_build_object(
		'period', jsonb_build_object('from', app.iso_instant(p_from), 'to', app.iso_instant(p_to)),
		'months', coalesce((select jsonb_agg(s.bucket order by s.t0) from shaped s where s.kind = 'month'), '[]'::jsonb),
		'years', coalesce((select jsonb_agg(s.bucket order by s.t0) from shaped s where s.kind = 'year'), '[]'::jsonb)
	) into result;
	return result;
end
$$;
revoke all on function app.accident_criteria(uuid, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function app.accident_criteria(uuid, timestamptz, timestamptz) to authenticated, service_role;
