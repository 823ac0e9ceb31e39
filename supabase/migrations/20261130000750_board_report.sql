-- The monthly report's operational sections (issue 12): fire-safety inspection status and the
-- self-managed teams' activity for a zone and period. Security definer: the caller's role and zone
-- are checked (app.require_zone) and the disclosure rule applies. Fire inspections are exact for
-- everyone, as on the situation panel (README, §11); team reports are operational records, so
-- aggregate-only roles get whole-day windows and protected counts (no 1–2), keyed by the reports'
-- ids like the tips' counts.
create function app.report_operations(p_zone uuid, p_from timestamptz, p_to timestamptz)
returns jsonb
language plpgsql stable security definer set search_path = public, extensions, pg_temp
as $$
declare
	w record;
	v_seed bigint;
	to_day date;
	fire jsonb;
	teams jsonb;
begin
	perform app.require_zone(p_zone);
	if p_from is null or p_to is null or p_from >= p_to then
		raise exception 'from must be before to' using errcode = '22023', column = 'from';
	end if;
	select * into w from app.aggregate_window(p_from, p_to);
	v_seed := app.disclosure_seed();
	to_day := (p_to at time zone 'Asia/Ho_Chi_Minh')::date;
	select jsonb_build_object(
		'sites', count(*)::int,
		'inspectedInPeriod', count(*) filter (
			where s.last_inspected_on >= (p_from at time zone 'Asia/Ho_Chi_Minh')::date
				and s.last_inspected_on < to_day)::int,
		'overdue', count(*) filter (
			where s.last_inspected_on is null or s.last_inspected_on < to_day - interval '12 months')::int,
		'withOpenViolations', count(*) filter (where s.open_violations > 0)::int,
		'openViolations', coalesce(sum(s.open_violations), 0)::int
	) into fire
	from fire_sites s where s.zone_id = p_zone;

	with r as (
		select t.kind, t.team_id, t.id
		from team_reports t
		where t.zone_id = p_zone and t.occurred_at >= w.window_from and t.occurred_at < w.window_to
	),
	by_kind as (
		select k.kind, count(r.id) as n, coalesce(sum(hashint8extended(r.id, v_seed + 2) & 4095), 0)::bigint as key
		from unnest('{patrol,incident,suspicious,other}'::text[]) as k(kind)
		left join r on r.kind = k.kind
		group by k.kind
	)
	select jsonb_build_object(
		'reports', (select case when w.protected
			then nullif(app.protected_count(count(*), coalesce(sum(hashint8extended(r.id, v_seed + 2) & 4095), 0)::bigint), 0)
			else count(*)::int end from r),
		'activeTeams', (select case when w.protected
			then nullif(app.protected_count(count(distinct r.team_id), coalesce(sum(distinct hashtextextended(r.team_id::text, v_seed + 3) & 4095), 0)::bigint), 0)
			else count(distinct r.team_id)::int end from r),
		'teams', (select count(*)::int from security_teams st where st.zone_id = p_zone),
		'byKind', (select jsonb_object_agg(b.kind, case when w.protected
			then nullif(app.protected_count(b.n, b.key), 0) else b.n::int end) from by_kind b)
	) into teams;

	return jsonb_build_object(
		'window', jsonb_build_object('from', app.iso_instant(w.window_from), 'to', app.iso_instant(w.window_to)),
		'disclosure', case when w.protected then 'protected' else 'exact' end,
		'fireSafety', fire,
		'teams', teams
	);
end
$$;
revoke all on function app.report_operations(uuid, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function app.report_operations(uuid, timestamptz, timestamptz) to authenticated, service_role;
