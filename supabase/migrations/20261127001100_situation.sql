-- The situation panel's figures in one call, for every role with the zone in scope (the board
-- included: counts only). Changes are marked only when beyond chance: for Poisson counts,
-- z = 2(√current − √previous) is approximately standard normal; |z| ≥ 2 is flagged.

create function app.poisson_z(p_current integer, p_previous integer) returns double precision
language sql immutable strict
as $$ select 2 * (sqrt(p_current::float8) - sqrt(p_previous::float8)) $$;

create function app.situation(p_zone uuid, p_now timestamptz default now())
returns jsonb
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	today date := (p_now at time zone 'Asia/Ho_Chi_Minh')::date;
	day0 timestamptz := (today::timestamp at time zone 'Asia/Ho_Chi_Minh');
	month0 timestamptz := (date_trunc('month', today)::timestamp at time zone 'Asia/Ho_Chi_Minh');
	-- The same stretch of the month one year earlier (month-to-date against month-to-date).
	ly0 timestamptz := ((date_trunc('month', today) - interval '1 year')::timestamp at time zone 'Asia/Ho_Chi_Minh');
	ly1 timestamptz := (((today - interval '1 year')::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh');
	c_today int; c_7 int; c_prev7 int; c_open int;
	a_now record; a_ly record;
	overdue int; tips_new int;
begin
	perform app.require_zone(p_zone);
	select
		count(*) filter (where occurred_at >= day0 and occurred_at < p_now),
		count(*) filter (where occurred_at >= p_now - interval '7 days' and occurred_at < p_now),
		count(*) filter (where occurred_at >= p_now - interval '14 days' and occurred_at < p_now - interval '7 days')
	into c_today, c_7, c_prev7
	from incidents where zone_id = p_zone and occurred_at >= p_now - interval '14 days';
	select count(*) into c_open from incidents where zone_id = p_zone and status in ('new', 'handling');
	select count(*)::int as n, coalesce(sum(deaths), 0)::int as deaths, coalesce(sum(injuries), 0)::int as injured
	into a_now from accidents where zone_id = p_zone and occurred_at >= month0 and occurred_at < p_now;
	select count(*)::int as n, coalesce(sum(deaths), 0)::int as deaths, coalesce(sum(injuries), 0)::int as injured
	into a_ly from accidents where zone_id = p_zone and occurred_at >= ly0 and occurred_at < ly1;
	select count(*) into overdue from fire_sites
	where zone_id = p_zone and (last_inspected_on is null or last_inspected_on < today - interval '12 months');
	select count(*) into tips_new from tips where zone_id = p_zone and status in ('received', 'verifying');
	return jsonb_build_object(
		'asOf', p_now,
		'incidents', jsonb_build_object(
			'today', c_today,
			'last7', c_7,
			'previous7', c_prev7,
			'z', round(app.poisson_z(c_7, c_prev7)::numeric, 2),
			'significant', abs(app.poisson_z(c_7, c_prev7)) >= 2,
			'open', c_open),
		'accidents', jsonb_build_object(
			'monthToDate', jsonb_build_object('accidents', a_now.n, 'deaths', a_now.deaths, 'injured', a_now.injured),
			'sameTimeLastYear', jsonb_build_object('accidents', a_ly.n, 'deaths', a_ly.deaths, 'injured', a_ly.injured),
			'z', jsonb_build_object(
				'accidents', round(app.poisson_z(a_now.n, a_ly.n)::numeric, 2),
				'deaths', round(app.poisson_z(a_now.deaths, a_ly.deaths)::numeric, 2),
				'injured', round(app.poisson_z(a_now.injured, a_ly.injured)::numeric, 2))),
		'fireSites', jsonb_build_object('overdueInspections', overdue),
		'tips', jsonb_build_object('awaitingTriage', tips_new)
	);
end
$$;

grant execute on function app.poisson_z(integer, integer) to authenticated;
grant execute on function app.situation(uuid, timestamptz) to authenticated;
