-- Hot spots for the steering board (issue 12): Getis-Ord Gi* on the zone's hexagon grid for one
-- period, and emerging hot spots (Gi* per month and Mann-Kendall trends) over 12 or more months.
--
-- Disclosure (README, "Disclosure rule for aggregate-only roles"; the decision is written there):
-- the statistics are computed on true counts. Aggregate-only roles receive whole-day windows
-- (whole months for emerging hot spots), cells of at least 200 m, each cell's `count` as the
-- hex-bin layer publishes it (the same elementary cells: Vietnam day × category × status ×
-- hexagon, perturbed, below 3 suppressed — zeros included, so an empty cell looks like a small
-- one) and the hot/cold class, but neither z-scores nor p-values: the z-scores of a whole grid
-- determine its counts up to a common factor (each z is a fixed linear function of a
-- neighbourhood sum, and the neighbourhood sums of a grid determine its cells), which the
-- published counts then pin down — a cell of 1 or 2 would be recovered exactly. A class is a
-- statement about a neighbourhood (every cell within bandM, at least the first ring), not about
-- the cell.

-- 1. Gi* -------------------------------------------------------------------------------------------

-- Getis-Ord Gi* (J. K. Ord and A. Getis, "Local spatial autocorrelation statistics: distributional
-- issues and an application", Geographical Analysis 27 (1995) 286–306), with binary weights
-- (w_ij = 1 when cell j's centre lies within p_band_m of cell i's, the cell itself included) and
-- n the number of cells of the grid, empty cells included:
--   Gi* = (Σ_j w_ij x_j − x̄ Σ_j w_ij) / (S √[(n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)]),
--   x̄ = Σ x_j / n,  S = √(Σ x_j² / n − x̄²);
-- with binary weights Σ w_ij² = Σ w_ij = W_i (the cell's neighbours in the grid), and written over
-- integer sums, z = (n Σ_j w_ij x_j − W_i Σx) / (√(n Σx² − (Σx)²) · √((n W_i − W_i²)/(n − 1))),
-- every part of which is exact for counts: the same bits on every engine. z is null where it is
-- undefined (all cells equal, or a cell whose neighbourhood is the whole grid). p is two-sided;
-- p_adjusted is the Benjamini–Hochberg adjustment over the cells of the same slice.
-- The grid of several slices is computed at once: rows of the same p_slice form one grid.
create function app.gi_star(
	p_slice integer[],
	p_q integer[],
	p_r integer[],
	p_x double precision[],
	p_size_m double precision,
	p_band_m double precision
)
returns table (
	slice integer,
	q integer,
	r integer,
	neighbours integer,
	z double precision,
	p double precision,
	p_adjusted double precision
)
language sql immutable
-- The arrays' sizes are unknown when the body is planned (unnest is estimated at 10 rows), and the
-- planner then joins cells to their neighbours by nested loops over the whole grid: 650 ms for
-- 400 cells, quadratic. Hash joins do it in milliseconds. (A SET clause also keeps the function
-- from being inlined into its caller, which is what we want: it runs once per call.)
set enable_nestloop = off
as $$
	with x as materialized (
		select u.s, u.q, u.r, u.x from unnest(p_slice, p_q, p_r, p_x) as u (s, q, r, x)
	),
	st as (
		select x.s, count(*)::float8 as n, sum(x.x) as sx, sum(x.x * x.x) as sxx from x group by x.s
	),
	-- Materialised, and the neighbour's key computed before the join, so that the planner hashes
	-- the join instead of filtering a cross product (measured: 300 → 3 ms for 400 cells).
	o as materialized (
		select h.dq, h.dr from app.hex_offsets(p_size_m, p_band_m) h
	),
	t as materialized (
		select a.s, a.q, a.r, a.q + o.dq as nq, a.r + o.dr as nr from x a cross join o
	),
	nb as (
		select t.s, t.q, t.r, count(*)::float8 as w, sum(b.x) as wx
		from t join x b on b.s = t.s and b.q = t.nq and b.r = t.nr
		group by t.s, t.q, t.r
	),
	g as (
		select nb.s, nb.q, nb.r, nb.w::integer as neighbours,
			case when st.n > 1 and st.n * st.sxx - st.sx * st.sx > 0 and st.n * nb.w - nb.w * nb.w > 0
				then (st.n * nb.wx - nb.w * st.sx)
					/ (sqrt(st.n * st.sxx - st.sx * st.sx) * sqrt((st.n * nb.w - nb.w * nb.w) / (st.n - 1)))
			end as z
		from nb join st on st.s = nb.s
	),
	-- One array per slice, so the BH adjustment comes back in the cells' order without a join.
	b as (
		select g.s, array_agg(g.q order by g.q, g.r) as qs, array_agg(g.r order by g.q, g.r) as rs,
			array_agg(g.neighbours order by g.q, g.r) as ws, array_agg(g.z order by g.q, g.r) as zs,
			array_agg(app.normal_p_two_sided(g.z) order by g.q, g.r) as ps
		from g group by g.s
	)
	select b.s, k.q, k.r, k.w, k.z, k.p, k.pa
	from b, unnest(b.qs, b.rs, b.ws, b.zs, b.ps, app.bh_adjust(b.ps)) as k (q, r, w, z, p, pa)
$$;

-- The hot/cold class of a cell after the FDR correction, as ArcGIS's Gi_Bin: hot-99, hot-95,
-- hot-90 where the BH-adjusted p is ≤ 0.01, 0.05, 0.10 and z > 0; cold-… likewise for z < 0;
-- none otherwise.
create function app.hotspot_class(p_z double precision, p_adjusted double precision) returns text
language sql immutable parallel safe
as $$
	select case
		when p_z is null or p_adjusted is null or p_adjusted > 0.10 or p_z = 0 then 'none'
		else case when p_z > 0 then 'hot-' else 'cold-' end
			|| case when p_adjusted <= 0.01 then '99' when p_adjusted <= 0.05 then '95' else '90' end
	end
$$;

-- The distance band used: p_band_m, or twice the cell size when null. Refused (22023, naming the
-- parameter): cells outside 50–5,000 m; cells under 200 m for aggregate-only roles (the disclosure
-- rule); a band that does not reach the first ring of neighbours (√3 × cell size: below it every
-- cell would be its own neighbourhood, and its z a function of its own count) or wider than 20
-- cells.
create function app.hotspot_band(p_cell_m double precision, p_band_m double precision, p_protected boolean)
returns double precision
language plpgsql immutable
as $$
declare
	band double precision := coalesce(p_band_m, 2 * p_cell_m);
begin
	if p_cell_m is null or p_cell_m < 50 or p_cell_m > 5000 then
		raise exception 'cellM must be between 50 and 5000 m' using errcode = '22023', column = 'cellM';
	end if;
	if p_protected and p_cell_m < 200 then
		raise exception 'cells smaller than 200 m are not published to aggregate-only roles'
			using errcode = '22023', column = 'cellM';
	end if;
	if band < sqrt(3.0::float8) * p_cell_m * (1 - 1e-9) or band > 20 * p_cell_m then
		raise exception 'bandM must lie between √3 × cellM (the first ring of neighbours) and 20 × cellM'
			using errcode = '22023', column = 'bandM';
	end if;
	return band;
end
$$;

-- 2. Hot spots of one period ------------------------------------------------------------------------

-- A GeoJSON FeatureCollection of every cell of the zone's grid (and any cell outside it holding an
-- incident of the zone) with {q, r, count, giZ, giP, hotspotClass, neighbours}, and the cell size,
-- band, window, disclosure and correction used. Exact roles: the window asked for, exact counts,
-- z to 4 decimals, p to 6 significant digits, the grid's mean and standard deviation.
-- Aggregate-only roles: see the top of this file.
create function app.incident_hotspots(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_cell_m double precision default 250,
	p_band_m double precision default null,
	p_categories text[] default null
)
returns jsonb
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	w record;
	f record;
	band double precision;
	v_seed bigint;
	tpl geometry;
	result jsonb;
begin
	perform app.require_zone(p_zone);
	select * into w from app.aggregate_window(p_from, p_to);
	band := app.hotspot_band(p_cell_m, p_band_m, w.protected);
	-- A variable, not the call: PostgreSQL inlines public.incident_hex_bins.
	if w.protected then
		v_seed := app.disclosure_seed();
	end if;
	select * into f from app.hex_frame(p_zone);
	tpl := app.hex_template(f.m_lat, f.m_lon, p_cell_m);
	with truth as (
		select h.q, h.r, h.n
		from public.incident_hex_bins(p_zone, w.window_from, w.window_to, p_cell_m, p_categories) h
	),
	published as (
		select h.q, h.r, h.n
		from public.incident_hex_bins(p_zone, w.window_from, w.window_to, p_cell_m, p_categories, null, v_seed) h
		where w.protected
	),
	cells as (
		select g.q, g.r from app.zone_hex_grid(p_zone, p_cell_m) g
		union
		select t.q, t.r from truth t
	),
	x as (
		select c.q, c.r, coalesce(t.n, 0) as n from cells c left join truth t on t.q = c.q and t.r = c.r
	),
	gi as (
		select g.*
		from (select array_agg(1) as s, array_agg(x.q) as q, array_agg(x.r) as r, array_agg(x.n::float8) as n from x) a,
			app.gi_star(a.s, a.q, a.r, a.n, p_cell_m, band) g
	),
	cell as (
		select x.q, x.r, x.n, p.n as published, gi.z, gi.p, gi.p_adjusted, gi.neighbours
		from x
		join gi on gi.q = x.q and gi.r = x.r
		left join published p on p.q = x.q and p.r = x.r
	)
	select jsonb_build_object(
		'type', 'FeatureCollection',
		'features', coalesce(jsonb_agg(jsonb_build_object(
			'type', 'Feature',
			'geometry', st_asgeojson(app.hex_cell(tpl, f.lon0, f.lat0, f.m_lat, f.m_lon, p_cell_m, c.q, c.r), 6)::jsonb,
			'properties', jsonb_build_object(
				'q', c.q,
				'r', c.r,
				'count', case when w.protected then nullif(coalesce(c.published, 0), 0) else c.n end,
				'giZ', case when w.protected then null else round(c.z::numeric, 4) end,
				'giP', case when w.protected then null else app.round_sig(c.p, 6) end,
				'hotspotClass', app.hotspot_class(c.z, c.p_adjusted),
				'neighbours', c.neighbours)
		) order by c.q, c.r), '[]'::jsonb),
		'cellM', p_cell_m,
		'bandM', band,
		'categories', to_jsonb(p_categories),
		'window', jsonb_build_object('from', app.iso_instant(w.window_from), 'to', app.iso_instant(w.window_to)),
		'disclosure', case when w.protected then 'protected' else 'exact' end,
		'cells', count(*),
		'total', case when w.protected then nullif(coalesce(sum(c.published), 0), 0) else coalesce(sum(c.n), 0) end,
		'mean', case when w.protected then null else app.round_sig(avg(c.n)::float8, 6) end,
		'sd', case when w.protected then null else app.round_sig(stddev_pop(c.n)::float8, 6) end,
		'suppressed', w.protected and bool_or(coalesce(c.published, 0) = 0),
		'fdr', jsonb_build_object('method', 'benjamini-hochberg', 'levels', jsonb_build_array(0.10, 0.05, 0.01),
			'tests', count(c.p))
	)
	into result
	from cell c;
	return result;
end
$$;
revoke all on function app.incident_hotspots(uuid, timestamptz, timestamptz, double precision, double precision, text[])
	from public, anon, authenticated;
grant execute on function app.incident_hotspots(uuid, timestamptz, timestamptz, double precision, double precision, text[])
	to authenticated, service_role;

-- 3. Emerging hot spots ---------------------------------------------------------------------------

-- The pattern of one location over time, following ESRI's published definitions ("How Emerging Hot
-- Spot Analysis works", ArcGIS Pro tool reference, Space Time Pattern Mining:
-- https://pro.arcgis.com/en/pro-app/latest/tool-reference/space-time-pattern-mining/learnmoreemerging.htm).
-- p_bins holds one value per slice, oldest first: 1 a statistically significant hot spot, −1 cold,
-- 0 neither; p_trend_s and p_trend_p are the Mann-Kendall S and p of the location's Gi* z series.
-- Hot patterns (the final slice hot):
--   new           the final slice is the location's only significant one;
--   intensifying  hot in at least 90 % of the slices, and the z series rises significantly;
--   diminishing   hot in at least 90 % of the slices, and the z series falls significantly;
--   persistent    hot in at least 90 % of the slices, no significant trend;
--   consecutive   a single uninterrupted run of at least 2 hot slices at the end, nothing
--                 significant before it, fewer than 90 % hot;
--   oscillating   also a significant cold spot in an earlier slice, fewer than 90 % hot;
--   sporadic      hot on and off before, never cold, fewer than 90 % hot;
-- historical hot: the final slice neither hot nor cold, but hot in at least 90 % of the slices.
-- Cold patterns mirror them (intensifying: the z series falls). Where the published wording
-- leaves a choice, this is ours: the final slice decides the family first (so "historical" needs
-- a final slice that is neither, and a location hot for 90 % of slices with a cold final slice is
-- an oscillating cold spot); "new" and "consecutive" need nothing significant of either sign
-- before (a cold history makes it oscillating), as the R package sfdep reads them.
create function app.ehsa_pattern(
	p_bins integer[],
	p_trend_s integer,
	p_trend_p double precision,
	p_alpha double precision default 0.05
)
returns text
language plpgsql immutable
as $$
declare
	n integer := coalesce(cardinality(p_bins), 0);
	hot integer := 0;
	cold integer := 0;
	last integer;
	sig integer;
	run integer := 0;
	before_same integer := 0;
	before_other integer := 0;
	family text;
	i integer;
	trending boolean := p_trend_p is not null and p_trend_p <= p_alpha;
begin
	if n = 0 then
		return 'no-pattern';
	end if;
	for i in 1 .. n loop
		if p_bins[i] = 1 then hot := hot + 1; elsif p_bins[i] = -1 then cold := cold + 1; end if;
	end loop;
	last := p_bins[n];
	if last = 0 or last is null then
		if hot >= 0.9 * n then return 'historical-hot'; end if;
		if cold >= 0.9 * n then return 'historical-cold'; end if;
		return 'no-pattern';
	end if;
	family := case when last = 1 then 'hot' else 'cold' end;
	sig := case when last = 1 then hot else cold end;
	i := n;
	while i >= 1 and p_bins[i] = last loop
		run := run + 1;
		i := i - 1;
	end loop;
	for i in 1 .. n - run loop
		if p_bins[i] = last then before_same := before_same + 1;
		elsif p_bins[i] = -last then before_other := before_other + 1; end if;
	end loop;
	if sig = 1 and before_other = 0 then
		return 'new-' || family;
	end if;
	if sig >= 0.9 * n then
		-- Intensifying: the clustering grows stronger in the family's direction (z rises for hot
		-- spots, falls for cold ones).
		if trending and sign(p_trend_s) = last then return 'intensifying-' || family; end if;
		if trending and sign(p_trend_s) = -last then return 'diminishing-' || family; end if;
		return 'persistent-' || family;
	end if;
	if run >= 2 and before_same = 0 and before_other = 0 then
		return 'consecutive-' || family;
	end if;
	if before_other > 0 then
		return 'oscillating-' || family;
	end if;
	return 'sporadic-' || family;
end
$$;

-- Emerging hot spots: Gi* of each month (the same grid, band and classes as app.incident_hotspots,
-- computed slice by slice, the neighbourhood spatial only), a location's bin significant where its
-- BH-adjusted p is ≤ 0.05 within its month; a Mann-Kendall test on each location's series of
-- counts and on its series of Gi* z-scores (the latter decides intensifying/diminishing, as ESRI's
-- tool does); the pattern as app.ehsa_pattern. Slices are the p_months whole Vietnam months
-- before the month of p_until (12–60; aggregate-only roles: p_until no later than the start of
-- today, so every month is complete and closed).
-- Returns a FeatureCollection, one feature per cell: {q, r, pattern, counts, bins, giZ, zTrend,
-- countTrend, neighbours}; aggregate-only roles get counts as published (per month, as the
-- hex-bin layer publishes them) and bins, the pattern and the direction of a significant count
-- trend, but no z-score, S or p.
create function app.incident_emerging_hotspots(
	p_zone uuid,
	p_until timestamptz,
	p_months integer default 12,
	p_cell_m double precision default 250,
	p_band_m double precision default null,
	p_categories text[] default null
)
returns jsonb
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	w record;
	f record;
	band double precision;
	v_seed bigint;
	v_end timestamptz;
	v_start timestamptz;
	tpl geometry;
	alpha constant double precision := 0.05;
	result jsonb;
begin
	perform app.require_zone(p_zone);
	if p_months is null or p_months < 12 or p_months > 60 then
		raise exception 'months must be between 12 and 60' using errcode = '22023', column = 'months';
	end if;
	if p_until is null then
		raise exception 'until is required' using errcode = '22023', column = 'until';
	end if;
	select * into w from app.aggregate_window(p_until, p_until);
	band := app.hotspot_band(p_cell_m, p_band_m, w.protected);
	if w.protected then
		v_seed := app.disclosure_seed();
	end if;
	v_end := date_trunc('month', w.window_to at time zone 'Asia/Ho_Chi_Minh') at time zone 'Asia/Ho_Chi_Minh';
	v_start := app.vn_add_months(v_end, -p_months);
	select * into f from app.hex_frame(p_zone);
	tpl := app.hex_template(f.m_lat, f.m_lon, p_cell_m);
	with slices as (
		select k as s, app.vn_add_months(v_start, k - 1) as t0, app.vn_add_months(v_start, k) as t1
		from generate_series(1, p_months) as k
	),
	truth as (
		select s.s, h.q, h.r, h.n
		from slices s, lateral public.incident_hex_bins(p_zone, s.t0, s.t1, p_cell_m, p_categories) h
	),
	published as (
		select s.s, h.q, h.r, h.n
		from slices s, lateral public.incident_hex_bins(p_zone, s.t0, s.t1, p_cell_m, p_categories, null, v_seed) h
		where w.protected
	),
	cells as (
		select g.q, g.r from app.zone_hex_grid(p_zone, p_cell_m) g
		union
		select t.q, t.r from truth t
	),
	x as (
		select s.s, c.q, c.r, coalesce(t.n, 0) as n, p.n as published
		from cells c
		cross join slices s
		left join truth t on t.s = s.s and t.q = c.q and t.r = c.r
		left join published p on p.s = s.s and p.q = c.q and p.r = c.r
	),
	gi as (
		select g.*
		from (select array_agg(x.s) as s, array_agg(x.q) as q, array_agg(x.r) as r, array_agg(x.n::float8) as n from x) a,
			app.gi_star(a.s, a.q, a.r, a.n, p_cell_m, band) g
	),
	series as (
		select x.q, x.r, max(gi.neighbours) as neighbours,
			array_agg(x.n::float8 order by x.s) as counts,
			array_agg(case when w.protected then nullif(coalesce(x.published, 0), 0) else x.n end order by x.s) as shown,
			array_agg(gi.z order by x.s) as zs,
			array_agg(case when gi.p_adjusted <= alpha and gi.z > 0 then 1
				when gi.p_adjusted <= alpha and gi.z < 0 then -1 else 0 end order by x.s) as bins
		from x join gi on gi.slice = x.s and gi.q = x.q and gi.r = x.r
		group by x.q, x.r
	),
	trends as (
		select s.*, zt.s as z_s, zt.z as z_z, zt.p as z_p,
			ct.s as c_s, ct.var_s as c_var, ct.z as c_z, ct.p as c_p,
			app.ehsa_pattern(s.bins, zt.s, zt.p, alpha) as pattern
		from series s, lateral app.mann_kendall(s.zs) zt, lateral app.mann_kendall(s.counts) ct
	)
	select jsonb_build_object(
		'type', 'FeatureCollection',
		'features', coalesce(jsonb_agg(jsonb_build_object(
			'type', 'Feature',
			'geometry', st_asgeojson(app.hex_cell(tpl, f.lon0, f.lat0, f.m_lat, f.m_lon, p_cell_m, t.q, t.r), 6)::jsonb,
			'properties', jsonb_build_object(
				'q', t.q,
				'r', t.r,
				'pattern', t.pattern,
				'counts', to_jsonb(t.shown),
				'bins', to_jsonb(t.bins),
				'giZ', case when not w.protected then
					(select jsonb_agg(round(u.z::numeric, 4) order by u.i) from unnest(t.zs) with ordinality as u (z, i)) end,
				'zTrend', case when not w.protected then
					jsonb_build_object('s', t.z_s, 'z', round(t.z_z::numeric, 4), 'p', app.round_sig(t.z_p, 6)) end,
				'countTrend', jsonb_build_object(
					'direction', case when t.c_p <= alpha then case when t.c_s > 0 then 'up' else 'down' end end)
					|| case when w.protected then '{}'::jsonb else jsonb_build_object('s', t.c_s,
						'varS', app.round_sig(t.c_var, 10), 'z', round(t.c_z::numeric, 4), 'p', app.round_sig(t.c_p, 6)) end,
				'neighbours', t.neighbours)
		) order by t.q, t.r), '[]'::jsonb),
		'patterns', (select coalesce(jsonb_object_agg(k.pattern, k.n), '{}'::jsonb)
			from (select t2.pattern, count(*) as n from trends t2 group by t2.pattern) k),
		'slices', (select jsonb_agg(jsonb_build_object('from', app.iso_instant(s.t0), 'to', app.iso_instant(s.t1))
			order by s.s) from slices s),
		'months', p_months,
		'cellM', p_cell_m,
		'bandM', band,
		'alpha', alpha,
		'categories', to_jsonb(p_categories),
		'window', jsonb_build_object('from', app.iso_instant(v_start), 'to', app.iso_instant(v_end)),
		'disclosure', case when w.protected then 'protected' else 'exact' end,
		'cells', count(*)
	)
	into result
	from trends t;
	return result;
end
$$;
revoke all on function app.incident_emerging_hotspots(uuid, timestamptz, integer, double precision, double precision, text[])
	from public, anon, authenticated;
grant execute on function app.incident_emerging_hotspots(uuid, timestamptz, integer, double precision, double precision, text[])
	to authenticated, service_role;

-- Internal pieces: reached through the functions above only; hotspot_class and ehsa_pattern are
-- pure and harmless, but nothing outside needs them.
revoke all on function app.gi_star(integer[], integer[], integer[], double precision[], double precision, double precision)
	from public, anon, authenticated;
revoke all on function app.hotspot_class(double precision, double precision) from public, anon, authenticated;
revoke all on function app.hotspot_band(double precision, double precision, boolean) from public, anon, authenticated;
revoke all on function app.ehsa_pattern(integer[], integer, double precision, double precision)
	from public, anon, authenticated;
