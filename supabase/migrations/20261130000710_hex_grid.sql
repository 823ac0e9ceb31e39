-- The hexagon grid of a zone, for hot-spot statistics (issue 12): every cell of the zone, zeros
-- included, laid out exactly as public.incident_hex_bins lays its hexagons (the map's hex-bin
-- layer): pointy-top axial cells (q, r) of circumradius size, in the zone's local equirectangular
-- frame in metres (origin at the zone boundary's centroid, metres per degree at its latitude —
-- 20261127000400_fast_aggregates.sql; within 0.1 % of EPSG:32648 distances over a zone of 20 km).
-- A statistic's cell (q, r) is therefore the map's cell (q, r), and its published count is the
-- hex-bin layer's.

-- The frame: origin and scale.
create function app.hex_frame(
	p_zone uuid,
	out lon0 double precision,
	out lat0 double precision,
	out m_lat double precision,
	out m_lon double precision
)
language sql stable
as $$
	select st_x(z.c), st_y(z.c), (metres_per_degree(st_y(z.c))).*
	from (select st_centroid(boundary) as c from zones where id = p_zone) z
$$;

-- The hexagon of a cell centred on the frame's origin, in degrees (the vertices
-- public.incident_hex_bins draws, less the centre). Built once per answer: building a polygon
-- from its points costs ~0.1 ms, translating one ~1 µs.
create function app.hex_template(p_m_lat double precision, p_m_lon double precision, p_size_m double precision)
returns geometry
language sql immutable parallel safe
as $$
	-- Closed with its own first point: cos(330°) and cos(−30°) differ in the last bit, which the
	-- zone's longitude absorbs in incident_hex_bins but a template at the origin does not.
	select st_setsrid(st_makepolygon(st_addpoint(l.line, st_startpoint(l.line))), 4326)
	from (
		select st_makeline(array(
			select st_makepoint(p_size_m * cos(radians(60 * v - 30)) / p_m_lon, p_size_m * sin(radians(60 * v - 30)) / p_m_lat)
			from generate_series(0, 5) as v
		)) as line
	) l
$$;

-- The polygon of cell (q, r): the template moved to the cell's centre.
create function app.hex_cell(
	p_template geometry,
	p_lon0 double precision,
	p_lat0 double precision,
	p_m_lat double precision,
	p_m_lon double precision,
	p_size_m double precision,
	p_q integer,
	p_r integer
) returns geometry
language sql immutable parallel safe
as $$
	select st_translate(p_template,
		p_lon0 + p_size_m * (sqrt(3.0::float8) * p_q + sqrt(3.0::float8) / 2 * p_r) / p_m_lon,
		p_lat0 + p_size_m * 1.5 * p_r / p_m_lat)
$$;

-- Every cell whose hexagon intersects the zone boundary. Refuses (22023, column cellM) a grid of
-- more than 20,000 cells: the statistics join each cell with its neighbours.
create function app.zone_hex_grid(p_zone uuid, p_size_m double precision)
returns table (q integer, r integer, geom geometry)
language plpgsql stable
as $$
declare
	f record;
	b geometry;
	x0 double precision; x1 double precision; y0 double precision; y1 double precision;
	r0 integer; r1 integer;
	w double precision := sqrt(3.0::float8) * p_size_m;
	t geometry;
begin
	select * into f from app.hex_frame(p_zone);
	t := app.hex_template(f.m_lat, f.m_lon, p_size_m);
	select z.boundary into b from zones z where z.id = p_zone;
	if b is null then
		return;
	end if;
	x0 := (st_xmin(b) - f.lon0) * f.m_lon; x1 := (st_xmax(b) - f.lon0) * f.m_lon;
	y0 := (st_ymin(b) - f.lat0) * f.m_lat; y1 := (st_ymax(b) - f.lat0) * f.m_lat;
	r0 := floor(y0 / (1.5 * p_size_m))::integer - 1;
	r1 := ceil(y1 / (1.5 * p_size_m))::integer + 1;
	if (r1 - r0 + 1)::float8 * ((x1 - x0) / w + 3) > 20000 then
		raise exception 'a grid of % m cells over this zone would have more than 20000 cells', p_size_m
			using errcode = '22023', column = 'cellM';
	end if;
	return query
		select c.q, c.r, c.geom
		from (
			select k.q, k.r, app.hex_cell(t, f.lon0, f.lat0, f.m_lat, f.m_lon, p_size_m, k.q, k.r) as geom
			from (
				select gq as q, gr as r
				from generate_series(r0, r1) as gr,
					generate_series(floor(x0 / w - gr / 2.0)::integer - 1, ceil(x1 / w - gr / 2.0)::integer + 1) as gq
			) k
		) c
		where c.geom && b and st_intersects(c.geom, b);
end
$$;

-- The neighbourhood of a cell as axial offsets (dq, dr), the cell itself (0, 0) included: every
-- cell whose centre lies within p_band_m of the cell's centre. Centres of cells dq, dr apart lie
-- size·√3·√(dq² + dq·dr + dr²) apart (exactly, in the frame); a relative tolerance of 1e-9 keeps
-- a band given as that distance inclusive.
create function app.hex_offsets(p_size_m double precision, p_band_m double precision)
returns table (dq integer, dr integer)
language sql immutable parallel safe
as $$
	select a.dq, b.dr
	from generate_series(-(ceil(2 * p_band_m / (p_size_m * sqrt(3.0::float8)))::integer + 1),
			ceil(2 * p_band_m / (p_size_m * sqrt(3.0::float8)))::integer + 1) as a (dq),
		generate_series(-(ceil(2 * p_band_m / (p_size_m * sqrt(3.0::float8)))::integer + 1),
			ceil(2 * p_band_m / (p_size_m * sqrt(3.0::float8)))::integer + 1) as b (dr)
	where 3 * p_size_m * p_size_m * (a.dq * a.dq + a.dq * b.dr + b.dr * b.dr)
		<= p_band_m * p_band_m * (1 + 1e-9)
$$;

-- Internal: reached through the security-definer analytics functions only.
revoke all on function app.hex_frame(uuid) from public, anon, authenticated;
revoke all on function app.hex_template(double precision, double precision, double precision)
	from public, anon, authenticated;
revoke all on function app.hex_cell(geometry, double precision, double precision, double precision, double precision,
	double precision, integer, integer) from public, anon, authenticated;
revoke all on function app.zone_hex_grid(uuid, double precision) from public, anon, authenticated;
revoke all on function app.hex_offsets(double precision, double precision) from public, anon, authenticated;
