-- Server-side aggregation: the browser receives counts per hexagon, never a million points.

-- Hexagonal bins (pointy-top, axial coordinates q/r) of incidents in one zone and period.
-- Cells are laid out in metres on EPSG:32648 (UTM 48N); p_size_m is the hexagon's circumradius.
create function incident_hex_bins(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_size_m double precision,
	p_categories text[] default null
)
returns table (q integer, r integer, n integer, geom geometry)
language sql stable
as $$
	with pts as (
		select st_x(p) as x, st_y(p) as y
		from (
			select st_transform(i.geom, 32648) as p
			from incidents i
			where i.zone_id = p_zone
				and i.occurred_at >= p_from
				and i.occurred_at < p_to
				and (p_categories is null or i.category = any (p_categories))
		) s
	),
	frac as (
		select (sqrt(3.0) / 3 * x - y / 3) / p_size_m as fq, (2.0 / 3 * y) / p_size_m as fr
		from pts
	),
	cube as (
		select round(fq) as rx, round(-fq - fr) as ry, round(fr) as rz,
			abs(round(fq) - fq) as dx, abs(round(-fq - fr) + fq + fr) as dy, abs(round(fr) - fr) as dz
		from frac
	),
	cells as (
		select
			(case when dx > dy and dx > dz then -ry - rz else rx end)::integer as q,
			(case when dx > dy and dx > dz then rz when dy > dz then rz else -rx - ry end)::integer as r
		from cube
	),
	counted as (
		select c.q, c.r, count(*)::integer as n from cells c group by c.q, c.r
	)
	select k.q, k.r, k.n,
		st_transform(st_setsrid(st_makepolygon(st_makeline(array(
			select st_makepoint(
				p_size_m * (sqrt(3.0) * k.q + sqrt(3.0) / 2 * k.r) + p_size_m * cos(radians(60 * v - 30)),
				p_size_m * 1.5 * k.r + p_size_m * sin(radians(60 * v - 30))
			)
			from generate_series(0, 6) as v
		))), 32648), 4326) as geom
	from counted k
$$;

-- Reads of the v1 layers. Row-level security arrives with access control; until then the API
-- runs its reads as `anon` inside a claims-carrying transaction (see src/lib/server/db).
grant select on zones, industrial_parks, admin_units, roads, incident_categories, incidents,
	accidents, fire_sites, security_teams, patrol_routes to anon, authenticated;
grant execute on function incident_hex_bins(uuid, timestamptz, timestamptz, double precision, text[])
	to anon, authenticated;
grant execute on function admin_unit_at(uuid, geometry, timestamptz) to anon, authenticated;

-- "Km27+350": chainage as road documents write it (metres rounded, never "+1000").
create function km_label(p_km numeric)
returns text
language sql immutable strict
as $$
	select 'Km' || (round(p_km * 1000)::bigint / 1000)::text || '+'
		|| lpad((round(p_km * 1000)::bigint % 1000)::text, 3, '0')
$$;
grant execute on function km_label(numeric) to anon, authenticated;
