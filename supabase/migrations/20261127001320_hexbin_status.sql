-- Hex bins that honour the status filter (the map's "status" select applies to hexagons too).
--
-- Both functions gain a trailing `p_statuses text[] default null` (null: every status). The old
-- five-argument versions are dropped rather than overloaded: with a default on the new argument,
-- a five-argument call would be ambiguous between the two.

drop function app.incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[]);
drop function public.incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[]);

create function public.incident_hex_bins(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_size_m double precision,
	p_categories text[] default null,
	p_statuses text[] default null
)
returns table (q integer, r integer, n integer, geom geometry)
language sql stable
as $$
	-- Same layout as 20261127001000_hexbin_materialized.sql: a local equirectangular frame in
	-- metres centred on the zone, axial hexagon coordinates rounded in cube space.
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
				and (p_statuses is null or i.status = any (p_statuses))
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

-- Callers reach the counts only through app.incident_hex_bins, which checks their zone scope.
revoke execute on function public.incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[], text[])
	from public, anon, authenticated;

create function app.incident_hex_bins(
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
begin
	perform app.require_zone(p_zone);
	return query
		select h.q, h.r, h.n, h.geom
		from public.incident_hex_bins(p_zone, p_from, p_to, p_size_m, p_categories, p_statuses) h;
end
$$;

grant execute on function app.incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[], text[])
	to anon, authenticated, service_role;
