-- Demo zone geography: Tràng Duệ industrial park and its four surrounding communes (DOMAIN.md).
-- DEMO DATA. Only the park centre, Bắc Sơn's centre and the administrative codes are sourced;
-- every boundary here is an estimate built from the approximate centres (a Voronoi partition
-- clipped to the simplified outline of the former An Dương district) and is labelled as such in
-- the metadata. The synthetic events are added by the demo generator (src/lib/server/demo).
-- Idempotent: re-running it changes nothing once the zone exists.

do $$
declare
	v_zone uuid;
	v_district geometry := st_geomfromtext('POLYGON((106.547 20.948,106.555 20.948,106.56 20.932,106.574 20.951,106.575 20.931,106.592 20.947,106.602 20.924,106.622 20.918,106.621 20.892,106.605 20.9,106.6 20.89,106.665 20.854,106.65 20.841,106.655 20.827,106.632 20.825,106.622 20.817,106.59 20.824,106.582 20.851,106.548 20.854,106.552 20.877,106.527 20.914,106.549 20.92,106.547 20.948))', 4326);
	v_boundary geometry;
	v_cells geometry;
	v_lelo_west geometry;
	v_lelo_ne geometry;
	v_lelo_se geometry;
	v_estimate jsonb := '{"demo": true, "geometry": "estimate"}'::jsonb;
begin
	if exists (select 1 from zones where code = 'trang-due') then
		return;
	end if;

	v_boundary := st_multi(st_intersection(
		v_district, st_makeenvelope(106.540, 20.851, 106.607, 20.895, 4326)));

	insert into zones (code, name, boundary, valid_from, is_demo, metadata)
	values (
		'trang-due',
		'KCN Tràng Duệ và 4 xã liên kết',
		v_boundary,
		'2016-01-01',
		true,
		jsonb_build_object(
			'demo', true,
			'description', 'Mô hình liên kết bảo đảm ANTT giữa KCN Tràng Duệ và 4 xã An Hòa, Bắc Sơn, Lê Lợi, Hồng Phong (dữ liệu mô phỏng)',
			'sourced', jsonb_build_array(
				'park centre 20.8619428 N 106.5619529 E (OSM geocode)',
				'Bắc Sơn centre 20.87583 N 106.58722 E',
				'GSO codes of communes and wards',
				'QL10 An Dương stretch Km20+400 – Km30+968'),
			'estimates', jsonb_build_array(
				'zone boundary: simplified former An Dương district outline clipped to lon 106.540–106.607, lat 20.851–20.895',
				'commune boundaries: Voronoi cells of approximate commune centres clipped to the zone',
				'2025 ward boundaries: unions/splits of the commune estimates',
				'park boundary: drawn west of the QL10 frontage to about 390 ha',
				'QL10 polyline: four points, kilometre posts interpolated by length')
		)
	)
	returning id into v_zone;

	-- The park, drawn west of the QL10 carriageway (the park fronts QL10).
	insert into industrial_parks (zone_id, code, name, boundary, declared_area_ha, metadata)
	values (
		v_zone, 'kcn-trang-due', 'KCN Tràng Duệ',
		st_multi(st_geomfromtext('POLYGON((106.5500 20.8570,106.5638 20.8570,106.5695 20.8660,106.5722 20.8680,106.5722 20.8760,106.5525 20.8760,106.5500 20.8570))', 4326)),
		401.00,
		v_estimate || '{"declaredAreaSource": "phase 1 187 ha + phase 2 214 ha; later adjusted to 389.77 ha"}'::jsonb
	);

	-- Commune cells: Voronoi partition of the approximate centres, clipped to the zone.
	v_cells := st_voronoipolygons(
		st_collect(array[
			st_makepoint(106.545, 20.885),   -- An Hòa (estimate)
			st_makepoint(106.58722, 20.87583), -- Bắc Sơn (sourced)
			st_makepoint(106.595, 20.860),   -- Lê Lợi (estimate)
			st_makepoint(106.565, 20.880)    -- Hồng Phong (estimate)
		]),
		0,
		st_expand(v_boundary, 0.05)
	);
	create temporary table demo_communes on commit drop as
	select c.code, c.name, st_multi(st_collectionextract(st_intersection(st_setsrid(cell.geom, 4326), v_boundary), 3)) as geom
	from (values
		('11590', 'An Hòa', 106.545, 20.885),
		('11605', 'Bắc Sơn', 106.58722, 20.87583),
		('11611', 'Lê Lợi', 106.595, 20.860),
		('11593', 'Hồng Phong', 106.565, 20.880)
	) as c(code, name, lon, lat)
	join lateral (
		select d.geom from st_dump(v_cells) d
		where st_contains(d.geom, st_makepoint(c.lon, c.lat))
	) cell on true;

	-- Communes of the 2016 model, in force until the communes became wards.
	insert into admin_units (zone_id, code, name, level, geom, valid_from, valid_to, metadata)
	select v_zone, code, 'Xã ' || name, 'commune', geom, '1999-01-01', '2024-12-31', v_estimate
	from demo_communes;

	-- 2025-01-01: An Dương became an urban district; the communes became wards of the same name.
	insert into admin_units (zone_id, code, name, level, geom, valid_from, valid_to, metadata)
	select v_zone, code, 'Phường ' || name, 'ward', geom, '2025-01-01', '2025-06-30', v_estimate
	from demo_communes;

	-- 2025-07-01: districts abolished. An Hòa + Hồng Phong + western Lê Lợi → phường An Phong;
	-- the rest of Lê Lợi is split between phường An Dương and phường An Hải. Bắc Sơn's successor
	-- is not in our sources; it is assigned to phường An Dương here (estimate).
	select geom into v_lelo_west from demo_communes where code = '11611';
	v_lelo_ne := st_intersection(v_lelo_west, st_makeenvelope(106.590, 20.862, 106.7, 21.0, 4326));
	v_lelo_se := st_intersection(v_lelo_west, st_makeenvelope(106.590, 20.8, 106.7, 20.862, 4326));
	v_lelo_west := st_intersection(v_lelo_west, st_makeenvelope(106.5, 20.8, 106.590, 21.0, 4326));

	insert into admin_units (zone_id, code, name, level, geom, valid_from, valid_to, metadata)
	values
		(v_zone, '11593', 'Phường An Phong', 'ward',
			st_multi(st_collectionextract(st_union(array[
				(select geom from demo_communes where code = '11590'),
				(select geom from demo_communes where code = '11593'),
				v_lelo_west]), 3)),
			'2025-07-01', null, v_estimate),
		(v_zone, '11581', 'Phường An Dương', 'ward',
			st_multi(st_collectionextract(st_union(
				(select geom from demo_communes where code = '11605'), v_lelo_ne), 3)),
			'2025-07-01', null, v_estimate || '{"note": "Bắc Sơn assignment is an estimate"}'::jsonb),
		(v_zone, '11617', 'Phường An Hải', 'ward',
			st_multi(st_collectionextract(v_lelo_se, 3)),
			'2025-07-01', null, v_estimate);

	-- QL10 through the zone, calibrated Km20+400 (south foot of Kiền bridge) to Km30+968
	-- (towards An Lão). Chainage is interpolated by length in metres between the two posts.
	insert into roads (zone_id, code, name, geom, km_start, km_end, metadata)
	select v_zone, 'QL10', 'Quốc lộ 10',
		st_transform(st_addmeasure(st_transform(st_geomfromtext(
			'LINESTRING(106.612 20.918,106.603 20.888,106.570 20.866,106.560 20.850)', 4326), 32648),
			20.400, 30.968), 4326),
		20.400, 30.968,
		v_estimate || '{"kmPostsSource": "An Hưng traffic-police station: Km20+400 – Km30+968"}'::jsonb;
end
$$;
