-- Patrol coverage analysis (issue 11): what a plan covers, where and when incidents happen that
-- no patrol covers, dosage at hotspot stops, a greedy proposal of stops, and afterwards what the
-- patrols actually covered. PostGIS is authoritative; the browser's turf preview
-- (src/lib/geo/patrol-coverage.ts) is tested to agree within 2 % of area.
--
-- Geometry: every item covers the ground within its buffer radius; buffers are drawn in metres in
-- EPSG:32648 (WGS 84 / UTM 48N, as the rest of the project: scale error ≈ 0.01 % over the zone),
-- unioned and clipped to the zone. Incidents are tested against that coverage transformed back to
-- lon/lat, so no incident is transformed (a per-point ST_Transform costs ~100 µs).
--
-- Time: shifts are weekly, in Vietnam time; an incident is "during a shift" when its minute of
-- the week (Monday 00:00 = 0, UTC+7) falls in a shift occurrence (app.patrol_presence_mask). The
-- weekly pattern is applied to the whole period asked for, whatever the plan's own validity: the
-- analysis evaluates a plan's pattern against past incidents.
--
-- Who sees which incidents: the analysis functions run as the caller, so row-level security
-- decides which incidents they count (planners, commanders, dispatchers and administrators: all
-- of the zone; a liaison officer: inside their units). Aggregate-only roles (the board) read no
-- incident row: app.patrol_coverage gives them the coverage with protected counts (the disclosure
-- rule: whole Vietnam days, cell-key perturbed counts per day, "< 3" suppressed); the detailed
-- analyses (hour-of-week matrix, hotspots, dosage, proposal) are refused to them.

-- 1. Coverage geometry --------------------------------------------------------------------------

-- The coverage of a plan, or of one route or area item of it (with the stops on that route), in
-- EPSG:32648, clipped to the zone. As the caller: only items the caller may read count.
create function app.patrol_coverage_metric(p_plan uuid, p_item uuid default null) returns geometry
language sql stable
set search_path = public, extensions, pg_temp
as $$
	select st_intersection(
		st_union(st_buffer(st_transform(i.geom, 32648), i.buffer_m, 'quad_segs=8')),
		st_transform(z.boundary, 32648))
	from patrol_items i join zones z on z.id = i.zone_id
	where i.plan_id = p_plan and (p_item is null or i.id = p_item or i.route_id = p_item)
	group by z.boundary
$$;
revoke all on function app.patrol_coverage_metric(uuid, uuid) from public, anon, authenticated;
grant execute on function app.patrol_coverage_metric(uuid, uuid) to authenticated, service_role;

-- The plan's zone as the caller sees it (P0002 when the caller cannot read the plan), and when an
-- item is named, that it is one of the plan's routes or areas.
create function app.patrol_plan_zone(p_plan uuid, p_item uuid default null) returns uuid
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
declare
	v_zone uuid;
begin
	select p.zone_id into v_zone from patrol_plans p where p.id = p_plan;
	if v_zone is null then
		raise exception 'no such patrol plan' using errcode = 'P0002';
	end if;
	if p_item is not null and not exists (
		select 1 from patrol_items i where i.id = p_item and i.plan_id = p_plan and i.kind in ('route', 'area')
	) then
		raise exception 'no such patrol route' using errcode = 'P0002';
	end if;
	return v_zone;
end
$$;
revoke all on function app.patrol_plan_zone(uuid, uuid) from public, anon, authenticated;
grant execute on function app.patrol_plan_zone(uuid, uuid) to authenticated, service_role;

-- The detailed analyses are for roles that read incident rows.
create function app.require_incident_rows() returns void
language plpgsql stable
as $$
begin
	if app.aggregate_only() then
		raise exception 'this analysis lists incidents by place and hour; aggregate-only roles get the coverage summary'
			using errcode = '42501';
	end if;
end
$$;
revoke all on function app.require_incident_rows() from public, anon, authenticated;
grant execute on function app.require_incident_rows() to authenticated, service_role;

-- 2. The coverage summary --------------------------------------------------------------------

-- Protected figures for aggregate-only roles: each count is the sum over Vietnam days of the
-- published value of that day's cell (app.protected_count), a zero answered as null.
create function app.patrol_coverage_protected(p_plan uuid, p_from timestamptz, p_to timestamptz, p_item uuid)
returns jsonb
language plpgsql stable security definer
set search_path = public, extensions, pg_temp
as $$
declare
	p patrol_plans;
	w record;
	v_cov geometry;
	v_cov4326 geometry;
	v_mask varbit;
	v_zone_m2 double precision;
	c record;
begin
	select * into p from patrol_plans where id = p_plan;
	if not found or not app.can_read_patrol_plan(p.zone_id, p.id, p.team_id) or not app.aggregate_only() then
		raise exception 'no such patrol plan' using errcode = 'P0002';
	end if;
	select * into w from app.aggregate_window(p_from, p_to);
	v_cov := app.patrol_coverage_metric(p_plan, p_item);
	v_cov4326 := st_transform(v_cov, 4326);
	v_mask := app.patrol_presence_mask(p_plan);
	select st_area(st_transform(z.boundary, 32648)) into v_zone_m2 from zones z where z.id = p.zone_id;
	with flagged as (
		select app.vn_day(i.occurred_at) as d, (hashint8extended(i.id, s.seed) & 4095)::integer as k,
			v_cov4326 is not null and st_intersects(v_cov4326, i.geom) as inside,
			get_bit(v_mask, app.vn_minute_of_week(i.occurred_at)) = 1 as during
		from incidents i, app.disclosure_secret s
		where i.zone_id = p.zone_id and i.occurred_at >= w.window_from and i.occurred_at < w.window_to
	),
	days as (
		select d,
			app.protected_count(count(*), sum(k)) as total,
			app.protected_count(count(*) filter (where inside), coalesce(sum(k) filter (where inside), 0)) as inside,
			app.protected_count(count(*) filter (where during), coalesce(sum(k) filter (where during), 0)) as during,
			app.protected_count(count(*) filter (where inside and during),
				coalesce(sum(k) filter (where inside and during), 0)) as inside_during
		from flagged group by d
	)
	select coalesce(sum(total), 0)::integer as total, coalesce(sum(inside), 0)::integer as inside,
		coalesce(sum(during), 0)::integer as during, coalesce(sum(inside_during), 0)::integer as inside_during
	into c from days;
	return jsonb_build_object(
		'areaM2', round(coalesce(st_area(v_cov), 0)::numeric, 0),
		'zoneSharePct', round((100 * coalesce(st_area(v_cov), 0) / nullif(v_zone_m2, 0))::numeric, 2),
		'incidentsInside', nullif(c.inside, 0),
		'incidentsTotal', nullif(c.total, 0),
		'incidentsInsideDuringShift', nullif(c.inside_during, 0),
		'incidentsDuringShift', nullif(c.during, 0),
		'geometry', st_asgeojson(v_cov4326, 6)::jsonb,
		'window', jsonb_build_object('from', app.iso_instant(w.window_from), 'to', app.iso_instant(w.window_to)),
		'disclosure', 'protected',
		'suppressed', c.inside < 3 or c.total < 3 or c.inside_during < 3 or c.during < 3
	);
end
$$;
revoke all on function app.patrol_coverage_protected(uuid, timestamptz, timestamptz, uuid) from public, anon, authenticated;
grant execute on function app.patrol_coverage_protected(uuid, timestamptz, timestamptz, uuid) to authenticated;

-- The coverage of a plan (or of one route or area of it) for a period:
--   {areaM2, zoneSharePct, incidentsInside, incidentsTotal, incidentsInsideDuringShift,
--    incidentsDuringShift, geometry, window, disclosure, suppressed}
-- incidentsTotal counts the incidents of the zone in the period (those the caller may read);
-- "during shift" means at a minute of the week a shift of the plan runs.
create function app.patrol_coverage(p_plan uuid, p_from timestamptz, p_to timestamptz, p_item uuid default null)
returns jsonb
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
declare
	v_zone uuid := app.patrol_plan_zone(p_plan, p_item);
	v_cov geometry;
	v_cov4326 geometry;
	v_mask varbit;
	v_zone_m2 double precision;
	c record;
begin
	if p_from is null or p_to is null or p_to < p_from then
		perform app.patrol_refuse('to', 'the period must end after it starts');
	end if;
	if app.aggregate_only() then
		return app.patrol_coverage_protected(p_plan, p_from, p_to, p_item);
	end if;
	v_cov := app.patrol_coverage_metric(p_plan, p_item);
	v_cov4326 := st_transform(v_cov, 4326);
	v_mask := app.patrol_presence_mask(p_plan);
	select st_area(st_transform(z.boundary, 32648)) into v_zone_m2 from zones z where z.id = v_zone;
	select count(*)::integer as total,
		count(*) filter (where f.inside)::integer as inside,
		count(*) filter (where f.during)::integer as during,
		count(*) filter (where f.inside and f.during)::integer as inside_during
	into c
	from (
		select v_cov4326 is not null and st_intersects(v_cov4326, i.geom) as inside,
			get_bit(v_mask, app.vn_minute_of_week(i.occurred_at)) = 1 as during
		from incidents i
		where i.zone_id = v_zone and i.occurred_at >= p_from and i.occurred_at < p_to
	) f;
	return jsonb_build_object(
		'areaM2', round(coalesce(st_area(v_cov), 0)::numeric, 0),
		'zoneSharePct', round((100 * coalesce(st_area(v_cov), 0) / nullif(v_zone_m2, 0))::numeric, 2),
		'incidentsInside', c.inside,
		'incidentsTotal', c.total,
		'incidentsInsideDuringShift', c.inside_during,
		'incidentsDuringShift', c.during,
		'geometry', st_asgeojson(v_cov4326, 6)::jsonb,
		'window', jsonb_build_object('from', app.iso_instant(p_from), 'to', app.iso_instant(p_to)),
		'disclosure', 'exact',
		'suppressed', false
	);
end
$$;
revoke all on function app.patrol_coverage(uuid, timestamptz, timestamptz, uuid) from public, anon, authenticated;
grant execute on function app.patrol_coverage(uuid, timestamptz, timestamptz, uuid) to authenticated, service_role;

-- 3. Hour-of-week matrix -----------------------------------------------------------------------

-- 7 × 24 rows (ISO day 1…7, hour 0…23, Vietnam time): incidents of the period that happened in
-- that hour of the week, how many of them inside the coverage, and the minutes of that hour a
-- shift of the plan runs (0…60).
create function app.patrol_hour_of_week(p_plan uuid, p_from timestamptz, p_to timestamptz)
returns table (dow integer, hour integer, incidents integer, incidents_inside integer, planned_minutes integer)
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
declare
	v_zone uuid := app.patrol_plan_zone(p_plan);
	v_cov4326 geometry;
	v_mask varbit;
begin
	perform app.require_incident_rows();
	v_cov4326 := st_transform(app.patrol_coverage_metric(p_plan), 4326);
	v_mask := app.patrol_presence_mask(p_plan);
	return query
		with counted as (
			select app.vn_minute_of_week(i.occurred_at) / 60 as how,
				count(*) as n,
				count(*) filter (where v_cov4326 is not null and st_intersects(v_cov4326, i.geom)) as n_inside
			from incidents i
			where i.zone_id = v_zone and i.occurred_at >= p_from and i.occurred_at < p_to
			group by 1
		)
		select h / 24 + 1, h % 24, coalesce(c.n, 0)::integer, coalesce(c.n_inside, 0)::integer,
			(select count(*)::integer from generate_series(h * 60, h * 60 + 59) m where get_bit(v_mask, m) = 1)
		from generate_series(0, 167) h
		left join counted c on c.how = h
		order by h;
end
$$;
revoke all on function app.patrol_hour_of_week(uuid, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function app.patrol_hour_of_week(uuid, timestamptz, timestamptz) to authenticated, service_role;

-- 4. Uncovered hotspots ---------------------------------------------------------------------

-- Axial hexagon (pointy-top, circumradius p_size) of a point in a local metric frame: the same
-- cells as incident_hex_bins (cube rounding of the fractional axial coordinates fq, fr). Single
-- expressions, so that PostgreSQL inlines them (a body with a FROM clause cost ~80 µs a call).
create function app.hex_round(p_fq double precision, p_fr double precision) returns integer[]
language sql immutable parallel safe
as $$
	select array[
		(case when abs(round(p_fq) - p_fq) > abs(round(-p_fq - p_fr) + p_fq + p_fr)
				and abs(round(p_fq) - p_fq) > abs(round(p_fr) - p_fr)
			then -round(-p_fq - p_fr) - round(p_fr)
			else round(p_fq) end)::integer,
		(case when abs(round(p_fq) - p_fq) > abs(round(-p_fq - p_fr) + p_fq + p_fr)
				and abs(round(p_fq) - p_fq) > abs(round(p_fr) - p_fr) then round(p_fr)
			when abs(round(-p_fq - p_fr) + p_fq + p_fr) > abs(round(p_fr) - p_fr) then round(p_fr)
			else -round(p_fq) - round(-p_fq - p_fr) end)::integer]
$$;

create function app.hex_cell(p_x double precision, p_y double precision, p_size double precision)
returns integer[]
language sql immutable parallel safe
as $$
	select app.hex_round((sqrt(3.0::float8) / 3 * p_x - p_y / 3) / p_size, (2.0::float8 / 3 * p_y) / p_size)
$$;

-- The hexagon of cell (q, r) in the frame centred on (lon0, lat0), as a lon/lat polygon.
create function app.hex_polygon(p_q integer, p_r integer, p_size double precision,
	p_lon0 double precision, p_lat0 double precision, p_m_lon double precision, p_m_lat double precision)
returns geometry
language sql immutable parallel safe
as $$
	select st_setsrid(st_makepolygon(st_makeline(array(
		select st_makepoint(
			p_lon0 + (p_size * (sqrt(3.0::float8) * p_q + sqrt(3.0::float8) / 2 * p_r) + p_size * cos(radians(60 * v - 30))) / p_m_lon,
			p_lat0 + (p_size * 1.5 * p_r + p_size * sin(radians(60 * v - 30))) / p_m_lat)
		from generate_series(0, 6) as v
	))), 4326)
$$;
revoke all on function app.hex_round(double precision, double precision) from public, anon;
revoke all on function app.hex_cell(double precision, double precision, double precision) from public, anon;
revoke all on function app.hex_polygon(integer, integer, double precision, double precision, double precision, double precision, double precision) from public, anon;
grant execute on function app.hex_round(double precision, double precision) to authenticated, service_role;
grant execute on function app.hex_cell(double precision, double precision, double precision) to authenticated, service_role;
grant execute on function app.hex_polygon(integer, integer, double precision, double precision, double precision, double precision, double precision) to authenticated, service_role;

-- The incidents of a period the caller may read, each flagged inside the plan's coverage and
-- during its shifts, with its position in the zone's local metric frame (x east, y north, metres
-- from the zone's centroid). Shared by the hotspot and proposal functions.
create function app.patrol_incident_flags(p_plan uuid, p_from timestamptz, p_to timestamptz)
returns table (id bigint, lon double precision, lat double precision, x double precision, y double precision,
	minute_of_week integer, inside boolean, during boolean)
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
declare
	v_zone uuid := app.patrol_plan_zone(p_plan);
	v_cov4326 geometry;
	v_mask varbit;
	f record;
begin
	v_cov4326 := st_transform(app.patrol_coverage_metric(p_plan), 4326);
	v_mask := app.patrol_presence_mask(p_plan);
	select st_x(c) as lon0, st_y(c) as lat0, (metres_per_degree(st_y(c))).* into f
	from (select st_centroid(boundary) as c from zones where zones.id = v_zone) z;
	return query
		select i.id, i.lon, i.lat, (i.lon - f.lon0) * f.m_lon, (i.lat - f.lat0) * f.m_lat,
			app.vn_minute_of_week(i.occurred_at),
			v_cov4326 is not null and st_intersects(v_cov4326, i.geom),
			get_bit(v_mask, app.vn_minute_of_week(i.occurred_at)) = 1
		from incidents i
		where i.zone_id = v_zone and i.occurred_at >= p_from and i.occurred_at < p_to;
end
$$;
revoke all on function app.patrol_incident_flags(uuid, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function app.patrol_incident_flags(uuid, timestamptz, timestamptz) to authenticated, service_role;

-- Hexagons (circumradius p_size_m, at least 50 m) ranked by their incidents of the period that
-- the plan leaves uncovered: outside the coverage (p_mode 'place'), or outside it at the hour they
-- happened (p_mode 'time': not inside during a shift). Each with a suggested stop: the uncovered
-- incident nearest to the mean of the cell's uncovered incidents (a place where one happened),
-- and the hour of the week most of them happened.
create function app.patrol_uncovered_hotspots(
	p_plan uuid, p_from timestamptz, p_to timestamptz,
	p_size_m double precision default 250, p_mode text default 'place', p_limit integer default 10
)
returns table (rank integer, q integer, r integer, incidents integer, uncovered integer, geom geometry,
	stop_lon double precision, stop_lat double precision, peak_dow integer, peak_hour integer)
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
declare
	v_zone uuid := app.patrol_plan_zone(p_plan);
	f record;
begin
	perform app.require_incident_rows();
	if p_mode is null or p_mode not in ('place', 'time') then
		perform app.patrol_refuse('mode', 'must be place or time');
	end if;
	if p_size_m is null or p_size_m < 50 or p_size_m > 5000 then
		perform app.patrol_refuse('size', 'must be between 50 and 5000 metres');
	end if;
	if p_limit is null or p_limit < 1 or p_limit > 100 then
		perform app.patrol_refuse('limit', 'must be between 1 and 100');
	end if;
	select st_x(c) as lon0, st_y(c) as lat0, (metres_per_degree(st_y(c))).* into f
	from (select st_centroid(boundary) as c from zones where zones.id = v_zone) z;
	return query
		with flagged as (
			select fl.*, app.hex_cell(fl.x, fl.y, p_size_m) as cell,
				case when p_mode = 'place' then not fl.inside else not (fl.inside and fl.during) end as open
			from app.patrol_incident_flags(p_plan, p_from, p_to) fl
		),
		cells as (
			select fl.cell, count(*) as n, count(*) filter (where fl.open) as n_open,
				avg(fl.x) filter (where fl.open) as mx, avg(fl.y) filter (where fl.open) as my
			from flagged fl group by fl.cell
			having count(*) filter (where fl.open) > 0
		),
		ranked as (
			select c.*, row_number() over (order by c.n_open desc, c.n desc, c.cell[1], c.cell[2])::integer as rk
			from cells c
		)
		select rk.rk, rk.cell[1], rk.cell[2], rk.n::integer, rk.n_open::integer,
			app.hex_polygon(rk.cell[1], rk.cell[2], p_size_m, f.lon0, f.lat0, f.m_lon, f.m_lat),
			s.lon, s.lat, pk.how / 24 + 1, pk.how % 24
		from ranked rk
		cross join lateral (
			select fl.lon, fl.lat from flagged fl
			where fl.cell = rk.cell and fl.open
			order by (fl.x - rk.mx) ^ 2 + (fl.y - rk.my) ^ 2, fl.id limit 1
		) s
		cross join lateral (
			select fl.minute_of_week / 60 as how from flagged fl
			where fl.cell = rk.cell and fl.open
			group by 1 order by count(*) desc, 1 limit 1
		) pk
		where rk.rk <= p_limit
		order by rk.rk;
end
$$;
revoke all on function app.patrol_uncovered_hotspots(uuid, timestamptz, timestamptz, double precision, text, integer) from public, anon, authenticated;
grant execute on function app.patrol_uncovered_hotspots(uuid, timestamptz, timestamptz, double precision, text, integer) to authenticated, service_role;

-- 5. Dosage at hotspot stops --------------------------------------------------------------------

-- For each stop of the plan and each shift: the minutes planned there (dwell × visits, visits
-- evenly spaced over the shift) against the Koper guidance of 10–15 minutes a visit
-- (`per_visit`: short, koper, long), the longest gap between visits, the stop's peak hours of
-- the day (hours whose incidents within the stop's radius, over the period, reach at least half
-- of its busiest hour's) that the shift runs through, and `gap_flag` when visits are more than
-- 2 hours apart while the shift runs through a peak hour.
create function app.patrol_dosage(p_plan uuid, p_from timestamptz, p_to timestamptz)
returns table (item_id uuid, name text, shift_index integer, days smallint[], start_time text, end_time text,
	dwell_min integer, visits integer, planned_minutes integer, per_visit text, gap_min integer,
	peak_hours integer[], gap_flag boolean, incidents_near integer)
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
declare
	v_zone uuid := app.patrol_plan_zone(p_plan);
begin
	perform app.require_incident_rows();
	return query
		with stops as (
			select i.id, i.name, i.geom, i.buffer_m, i.dwell_min, i.visits, i.sort_order
			from patrol_items i where i.plan_id = p_plan and i.kind = 'stop'
		),
		near as (
			-- Incidents within each stop's radius, by hour of the day (Vietnam time).
			select s.id as stop, (app.vn_minute_of_week(x.occurred_at) % 1440) / 60 as hod, count(*) as n
			from stops s
			join incidents x on x.zone_id = v_zone and x.occurred_at >= p_from and x.occurred_at < p_to
				-- A box first (1° ≥ 100 km here), then the geodesic distance.
				and x.geom && st_expand(s.geom, s.buffer_m / 100000.0)
				and st_dwithin(x.geom::geography, s.geom::geography, s.buffer_m)
			group by 1, 2
		),
		peaks as (
			select nr.stop, array_agg(nr.hod order by nr.hod) filter (where nr.n * 2 >= t.top) as hours,
				sum(nr.n) as total
			from near nr
			join (select stop, max(n) as top from near group by stop) t on t.stop = nr.stop
			group by nr.stop
		),
		shifts as (
			select sh.*, (sh.end_min - sh.start_min + 1440) % 1440 as dur,
				(row_number() over (order by sh.sort_order, sh.id) - 1)::integer as idx
			from patrol_shifts sh where sh.plan_id = p_plan
		)
		select s.id, s.name, sh.idx, sh.days, app.minutes_hhmm(sh.start_min), app.minutes_hhmm(sh.end_min),
			s.dwell_min::integer, s.visits::integer, (s.dwell_min * s.visits)::integer,
			case when s.dwell_min < 10 then 'short' when s.dwell_min <= 15 then 'koper' else 'long' end,
			(sh.dur / s.visits)::integer,
			coalesce((
				select array_agg(h order by h) from unnest(pk.hours) h
				where ((h * 60 - sh.start_min + 1440) % 1440 < sh.dur)
					or ((h * 60 + 59 - sh.start_min + 1440) % 1440 < sh.dur)
			), '{}'),
			sh.dur / s.visits > 120 and exists (
				select 1 from unnest(pk.hours) h
				where ((h * 60 - sh.start_min + 1440) % 1440 < sh.dur)
					or ((h * 60 + 59 - sh.start_min + 1440) % 1440 < sh.dur)
			),
			coalesce(pk.total, 0)::integer
		from stops s
		cross join shifts sh
		left join peaks pk on pk.stop = s.id
		order by s.sort_order, s.id, sh.idx;
end
$$;
revoke all on function app.patrol_dosage(uuid, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function app.patrol_dosage(uuid, timestamptz, timestamptz) to authenticated, service_role;

-- 6. Proposal: k stops that cover the most uncovered incidents ------------------------------------

-- Greedy maximum coverage. Candidates: the centres of hexagons of circumradius p_radius_m / 2
-- (inside the zone) holding at least one incident of the period the plan leaves uncovered
-- (p_mode as for the hotspots); a stop covers the uncovered incidents within p_radius_m of it.
-- Each round picks the candidate covering the most incidents not yet covered (ties: the lower
-- cell). Greedy covers at least (1 − 1/e) ≈ 63.2 % of what the best choice of k candidates
-- covers (Nemhauser, Wolsey & Fisher, 1978); `optimumAtMost` (the k largest candidate sets added
-- up) bounds that best choice from above, so the answer also says how close this run came.
-- Returns {stops: [{rank, lon, lat, covers, cumulative, candidateCovers}], uncovered, covered,
-- optimumAtMost, candidates, radiusM, mode, approximation}.
create function app.patrol_propose_stops(
	p_plan uuid, p_from timestamptz, p_to timestamptz, p_k integer,
	p_radius_m double precision default 150, p_mode text default 'place'
)
returns jsonb
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
declare
	v_zone uuid := app.patrol_plan_zone(p_plan);
	f record;
	v_cx double precision[];
	v_cy double precision[];
	v_pi integer[];
	v_start integer[];
	v_len integer[];
	v_gain integer[];
	v_n integer;
	v_m integer;
	v_cov boolean[];
	v_best integer;
	v_best_gain integer;
	v_second integer;
	v_second_at integer;
	v_g integer;
	v_total integer := 0;
	v_stops jsonb := '[]'::jsonb;
	v_bound integer;
	c integer;
	i integer;
	v_step integer := 0;
begin
	perform app.require_incident_rows();
	if p_k is null or p_k < 1 or p_k > 50 then
		perform app.patrol_refuse('k', 'must be between 1 and 50');
	end if;
	if p_radius_m is null or p_radius_m < 25 or p_radius_m > 1000 then
		perform app.patrol_refuse('radius', 'must be between 25 and 1000 metres');
	end if;
	if p_mode is null or p_mode not in ('place', 'time') then
		perform app.patrol_refuse('mode', 'must be place or time');
	end if;
	select st_x(c0) as lon0, st_y(c0) as lat0, (metres_per_degree(st_y(c0))).* into f
	from (select st_centroid(boundary) as c0 from zones where zones.id = v_zone) z;

	-- Uncovered incidents (numbered 1…n), candidate centres (numbered 1…m), and the pairs
	-- (candidate, incident) within the radius, found through squares of p_radius_m: each centre
	-- is joined to the incidents of its own and the 8 neighbouring squares (an equijoin).
	with open as materialized (
		select row_number() over (order by fl.id)::integer as n, fl.x, fl.y,
			floor(fl.x / p_radius_m)::integer as bx, floor(fl.y / p_radius_m)::integer as by
		from app.patrol_incident_flags(p_plan, p_from, p_to) fl
		where case when p_mode = 'place' then not fl.inside else not (fl.inside and fl.during) end
	),
	cells as (
		select distinct app.hex_cell(o.x, o.y, p_radius_m / 2) as cell from open o
	),
	centres as materialized (
		select row_number() over (order by c.cell[1], c.cell[2])::integer as c, xy.x, xy.y
		from cells c
		cross join lateral (
			select p_radius_m / 2 * (sqrt(3.0::float8) * c.cell[1] + sqrt(3.0::float8) / 2 * c.cell[2]) as x,
				p_radius_m / 2 * 1.5 * c.cell[2] as y
		) xy
		where exists (
			select 1 from zones z where z.id = v_zone
				and st_intersects(z.boundary, st_setsrid(st_makepoint(f.lon0 + xy.x / f.m_lon, f.lat0 + xy.y / f.m_lat), 4326))
		)
	),
	around as (
		select ce.c, ce.x, ce.y, floor(ce.x / p_radius_m)::integer + dx as bx, floor(ce.y / p_radius_m)::integer + dy as by
		from centres ce, generate_series(-1, 1) dx, generate_series(-1, 1) dy
	),
	pairs as materialized (
		select a.c, o.n, row_number() over (order by a.c, o.n)::integer as i
		from around a join open o on o.bx = a.bx and o.by = a.by
		where (o.x - a.x) ^ 2 + (o.y - a.y) ^ 2 <= p_radius_m ^ 2
	),
	sets as (
		select p.c, min(p.i) as start, count(*)::integer as len from pairs p group by p.c
	)
	select (select count(*)::integer from open),
		(select count(*)::integer from centres),
		(select array_agg(ce.x order by ce.c) from centres ce),
		(select array_agg(ce.y order by ce.c) from centres ce),
		(select array_agg(p.n order by p.i) from pairs p),
		(select array_agg(coalesce(st.start, 1) order by ce.c) from centres ce left join sets st on st.c = ce.c),
		(select array_agg(coalesce(st.len, 0) order by ce.c) from centres ce left join sets st on st.c = ce.c)
	into v_n, v_m, v_cx, v_cy, v_pi, v_start, v_len;

	-- The best any k candidates could do is at most the k largest sets together.
	select least(coalesce(sum(x), 0), v_n)::integer into v_bound
	from (select x from unnest(v_len) x order by x desc limit p_k) b;

	-- Lazy greedy (a candidate's gain only falls as others are chosen, so its last computed gain
	-- bounds it): take the candidate of the highest bound, recompute its gain, and choose it when
	-- it still beats every other bound. In memory, on plpgsql arrays.
	v_gain := coalesce(v_len, '{}');
	v_cov := array_fill(false, array[greatest(v_n, 1)]);
	while v_step < p_k loop
		loop
			v_best := 0;
			v_best_gain := 0;
			v_second := 0;
			v_second_at := 0;
			for c in 1 .. v_m loop
				if v_gain[c] > v_best_gain then
					v_second := v_best_gain;
					v_second_at := v_best;
					v_best_gain := v_gain[c];
					v_best := c;
				elsif v_gain[c] > v_second then
					v_second := v_gain[c];
					v_second_at := c;
				end if;
			end loop;
			exit when v_best = 0;
			v_g := 0;
			for i in v_start[v_best] .. v_start[v_best] + v_len[v_best] - 1 loop
				if not v_cov[v_pi[i]] then
					v_g := v_g + 1;
				end if;
			end loop;
			v_gain[v_best] := v_g;
			-- Ties go to the lower candidate, as a plain greedy scan would choose.
			exit when v_g > v_second or (v_g = v_second and v_best < v_second_at);
		end loop;
		exit when v_best = 0 or v_gain[v_best] = 0;
		for i in v_start[v_best] .. v_start[v_best] + v_len[v_best] - 1 loop
			v_cov[v_pi[i]] := true;
		end loop;
		v_step := v_step + 1;
		v_total := v_total + v_gain[v_best];
		v_stops := v_stops || jsonb_build_object(
			'rank', v_step,
			'lon', round((f.lon0 + v_cx[v_best] / f.m_lon)::numeric, 7),
			'lat', round((f.lat0 + v_cy[v_best] / f.m_lat)::numeric, 7),
			'covers', v_gain[v_best],
			'cumulative', v_total,
			'candidateCovers', v_len[v_best]
		);
		v_gain[v_best] := 0;
	end loop;
	return jsonb_build_object(
		'stops', v_stops,
		'uncovered', v_n,
		'covered', v_total,
		'optimumAtMost', v_bound,
		'candidates', v_m,
		'radiusM', p_radius_m,
		'mode', p_mode,
		'approximation', 'greedy: at least 1 - 1/e (63.2 %) of the best k candidate stops'
	);
end
$$;
revoke all on function app.patrol_propose_stops(uuid, timestamptz, timestamptz, integer, double precision, text) from public, anon, authenticated;
grant execute on function app.patrol_propose_stops(uuid, timestamptz, timestamptz, integer, double precision, text) to authenticated, service_role;

-- 7. After a shift: what the patrols actually covered ------------------------------------------

-- A unit's track in a window against the plan: the planned coverage, the ground within
-- p_radius_m of the track (consecutive positions up to 5 minutes apart are joined; longer
-- silences break the track), their overlap, and for each stop the minutes actually spent within
-- its radius (pairs of consecutive positions both inside, up to 5 minutes apart) and the visits
-- (entries into the radius), against the minutes planned for the shift occurrences that start
-- in the window. The unit is the plan's unless p_unit names another. Reads positions: audited.
create function app.patrol_actual(
	p_plan uuid, p_from timestamptz, p_to timestamptz,
	p_unit text default null, p_radius_m double precision default 150
)
returns jsonb
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	p patrol_plans;
	v_unit patrol_units;
	v_planned geometry;
	v_actual geometry;
	v_zone_m geometry;
	v_positions integer;
	v_stops jsonb;
	v_occurrences integer;
begin
	select * into p from patrol_plans where id = p_plan;
	if not found or not app.can_read_patrol_plan(p.zone_id, p.id, p.team_id) then
		raise exception 'no such patrol plan' using errcode = 'P0002';
	end if;
	if not app.can_read_patrol_positions(p.zone_id) then
		raise exception 'positions of patrol units are read by the command and planners of their zone'
			using errcode = '42501';
	end if;
	if p_from is null or p_to is null or p_to <= p_from or p_to - p_from > interval '7 days' then
		perform app.patrol_refuse('to', 'the window must end after it starts and last at most 7 days');
	end if;
	if p_radius_m is null or p_radius_m < 10 or p_radius_m > 1000 then
		perform app.patrol_refuse('radius', 'must be between 10 and 1000 metres');
	end if;
	if p_unit is null then
		select * into v_unit from patrol_units where id = p.unit_id;
	else
		select * into v_unit from patrol_units where zone_id = p.zone_id and code = p_unit;
	end if;
	if v_unit.id is null then
		perform app.patrol_refuse('unit', 'the plan has no patrol unit: name one');
	end if;
	perform app.audit_position_read(p.zone_id, array[v_unit.code], p_from, p_to, 'actual');

	v_planned := app.patrol_coverage_metric(p_plan);
	select st_transform(z.boundary, 32648) into v_zone_m from zones z where z.id = p.zone_id;

	with fixes as (
		select pp.ts, st_transform(st_setsrid(st_makepoint(pp.lon, pp.lat), 4326), 32648) as g,
			lag(pp.ts) over (order by pp.ts) as prev_ts,
			lag(st_transform(st_setsrid(st_makepoint(pp.lon, pp.lat), 4326), 32648)) over (order by pp.ts) as prev_g
		from patrol_positions pp
		where pp.unit_id = v_unit.id and pp.ts >= p_from and pp.ts < p_to
	)
	select count(*)::integer,
		st_intersection(st_buffer(st_union(case
			when prev_ts is not null and ts - prev_ts <= interval '5 minutes' then st_makeline(prev_g, g)
			else g end), p_radius_m, 'quad_segs=8'), v_zone_m)
	into v_positions, v_actual
	from fixes;

	-- Shift occurrences of the plan starting in the window (Vietnam days; a shift belongs to the
	-- day it starts).
	select count(*)::integer into v_occurrences
	from patrol_shifts sh
	cross join generate_series((p_from at time zone 'Asia/Ho_Chi_Minh')::date - 1,
		(p_to at time zone 'Asia/Ho_Chi_Minh')::date, interval '1 day') d
	cross join lateral (
		select (d::date + make_interval(mins => sh.start_min)) at time zone 'Asia/Ho_Chi_Minh' as starts
	) o
	where sh.plan_id = p_plan and extract(isodow from d)::smallint = any (sh.days)
		and o.starts >= p_from and o.starts < p_to;

	with fixes as (
		select pp.ts, pp.lon, pp.lat, lag(pp.ts) over (order by pp.ts) as prev_ts,
			lag(pp.lon) over (order by pp.ts) as prev_lon, lag(pp.lat) over (order by pp.ts) as prev_lat
		from patrol_positions pp
		where pp.unit_id = v_unit.id and pp.ts >= p_from and pp.ts < p_to
	),
	per_stop as (
		select s.id, s.name, s.dwell_min, s.visits,
			coalesce(sum(extract(epoch from fx.ts - fx.prev_ts)) filter (
				where fx.prev_ts is not null and fx.ts - fx.prev_ts <= interval '5 minutes'
					and fx.here and fx.prev_here), 0) / 60 as minutes,
			count(*) filter (where fx.here and not coalesce(fx.prev_here, false)) as entries
		from patrol_items s
		left join lateral (
			select fx.ts, fx.prev_ts,
				st_dwithin(st_setsrid(st_makepoint(fx.lon, fx.lat), 4326)::geography, s.geom::geography, s.buffer_m) as here,
				case when fx.prev_lon is not null then
					st_dwithin(st_setsrid(st_makepoint(fx.prev_lon, fx.prev_lat), 4326)::geography, s.geom::geography, s.buffer_m) end as prev_here
			from fixes fx
		) fx on true
		where s.plan_id = p_plan and s.kind = 'stop'
		group by s.id, s.name, s.dwell_min, s.visits, s.sort_order
	)
	select coalesce(jsonb_agg(jsonb_build_object(
		'itemId', ps.id, 'name', ps.name,
		'plannedMinutes', ps.dwell_min * ps.visits * v_occurrences,
		'actualMinutes', round(ps.minutes::numeric, 1),
		'plannedVisits', ps.visits * v_occurrences,
		'actualVisits', ps.entries
	) order by ps.id), '[]'::jsonb)
	into v_stops
	from per_stop ps;

	return jsonb_build_object(
		'unit', v_unit.code,
		'positions', v_positions,
		'shiftOccurrences', v_occurrences,
		'plannedAreaM2', round(coalesce(st_area(v_planned), 0)::numeric, 0),
		'actualAreaM2', round(coalesce(st_area(v_actual), 0)::numeric, 0),
		'overlapM2', round(coalesce(st_area(st_intersection(v_planned, v_actual)), 0)::numeric, 0),
		'plannedCoveredPct', round((100 * coalesce(st_area(st_intersection(v_planned, v_actual)), 0)
			/ nullif(st_area(v_planned), 0))::numeric, 1),
		'actualGeometry', st_asgeojson(st_transform(v_actual, 4326), 6)::jsonb,
		'stops', v_stops,
		'window', jsonb_build_object('from', app.iso_instant(p_from), 'to', app.iso_instant(p_to))
	);
end
$$;
revoke all on function app.patrol_actual(uuid, timestamptz, timestamptz, text, double precision) from public, anon, authenticated;
grant execute on function app.patrol_actual(uuid, timestamptz, timestamptz, text, double precision) to authenticated;
