-- Hex bins, faster: materialising the fractional axial coordinates stops the planner from
-- inlining their expressions into every use (measured on 1,000,000 incidents: PGlite 160 → 70 ms,
-- PostgreSQL 58 → 30 ms; identical cells).

create or replace function incident_hex_bins(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_size_m double precision,
	p_categories text[] default null
)
returns table (q integer, r integer, n integer, geom geometry)
language sql stable
as $$
	with frame as materialized (
		select st_x(c) as lon0, st_y(c) as lat0, (metres_per_degree(st_y(c))).*
		from (select st_centroid(boundary) as c from zones where id = p_zone) z
	),
	frac as materialized (
		select (sqrt(3.0::float8) / 3 * x - y / 3) / p_size_m as fq, (2.0::float8 / 3 * y) / p_size_m as fr
		from (
			select (i.lon - f.lon0) * f.m_lon as x, (i.lat - f.lat0) * f.m_lat as y
			from incidents i, frame f
			where i.zone_id = p_zone
				and i.occurred_at >= p_from
				and i.occurred_at < p_to
				and (p_categories is null or i.category = any (p_categories))
		) p
	),
	cube as (
		select fq, fr, round(fq) as rx, round(-fq - fr) as ry, round(fr) as rz from frac
	),
	cells as (
		select
			(case when abs(rx - fq) > abs(ry + fq + fr) and abs(rx - fq) > abs(rz - fr) then -ry - rz
				else rx end)::integer as q,
			(case when abs(rx - fq) > abs(ry + fq + fr) and abs(rx - fq) > abs(rz - fr) then rz
				when abs(ry + fq + fr) > abs(rz - fr) then rz
				else -rx - ry end)::integer as r
		from cube
	),
	counted as (
		select c.q, c.r, count(*)::integer as n from cells c group by c.q, c.r
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

