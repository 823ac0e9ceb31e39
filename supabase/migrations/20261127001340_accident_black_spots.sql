-- Accident black spots (điểm đen TNGT) on calibrated roads, for the map's accidents layer.
--
-- A black spot is a road section where, over 12 months, accidents reached the rule DOMAIN.md
-- quotes (after Thông tư 26/2012/TT-BGTVT): 2 fatal accidents, or 3 or more accidents of which
-- one fatal, or 4 or more accidents with injured people. The section length is a parameter
-- (default 1,000 m of chainage, the circular's figure for roads outside urban areas as we read
-- it; pass 500 for urban streets). Every window of that length starting at an accident is
-- tested; overlapping windows that meet the rule merge into one section, drawn from its first
-- to its last accident (at least 100 m, so a section of one location stays visible).
--
-- security invoker (the default): the caller's row-level security on accidents applies, so a
-- role sees black spots only from the accidents it may read.
create function app.accident_black_spots(
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
	with acc as (
		select a.road_id, a.km, a.deaths, a.injuries
		from accidents a
		where a.zone_id = p_zone
			and a.road_id is not null and a.km is not null
			and a.occurred_at >= p_until - interval '12 months' and a.occurred_at < p_until
	),
	windows as (
		select s.road_id, s.km as km_from, max(b.km) as km_last,
			count(*) as n,
			count(*) filter (where b.deaths > 0) as fatal,
			count(*) filter (where b.injuries > 0) as injured
		from acc s
		join acc b on b.road_id = s.road_id and b.km >= s.km and b.km <= s.km + p_section_m / 1000.0
		group by s.road_id, s.km
	),
	hot as (
		select road_id, km_from, km_last,
			max(km_last) over (partition by road_id order by km_from
				rows between unbounded preceding and 1 preceding) as reach_before
		from windows
		where fatal >= 2 or (n >= 3 and fatal >= 1) or injured >= 4
	),
	islands as (
		select road_id, km_from, km_last,
			count(*) filter (where reach_before is null or km_from > reach_before)
				over (partition by road_id order by km_from) as island
		from hot
	),
	sections as (
		select road_id, min(km_from) as km_from, max(km_last) as km_to
		from islands
		group by road_id, island
	)
	select r.code, s.km_from, s.km_to,
		count(*)::int,
		(count(*) filter (where acc.deaths > 0))::int,
		(count(*) filter (where acc.injuries > 0))::int,
		sum(acc.deaths)::int,
		sum(acc.injuries)::int,
		st_force2d(st_locatebetween(r.geom,
			least(s.km_from, (s.km_from + s.km_to) / 2 - 0.05)::float8,
			greatest(s.km_to, (s.km_from + s.km_to) / 2 + 0.05)::float8))
	from sections s
	join roads r on r.id = s.road_id
	join acc on acc.road_id = s.road_id and acc.km between s.km_from and s.km_to
	group by r.code, r.geom, s.road_id, s.km_from, s.km_to
	order by r.code, s.km_from
$$;
revoke execute on function app.accident_black_spots(uuid, timestamptz, integer) from public;
grant execute on function app.accident_black_spots(uuid, timestamptz, integer)
	to authenticated, service_role;
