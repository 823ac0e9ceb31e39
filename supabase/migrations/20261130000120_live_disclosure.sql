-- Who learns of a change, decided by the permissions (issue 10 §3).
--
-- The live hub (src/lib/server/live/hub.ts) restated the row-level security rules in TypeScript,
-- with a liaison officer's area as GeoJSON and a point-in-polygon test of its own. Now it asks the
-- database, as each group of subscribers, which events of a batch they may learn of:
-- app.event_disclosure runs the same permission check as the read policies (app.can with the
-- table's '<table>.read' permission) on the changed row's zone and geometry. The event keeps the
-- row's geometry itself (any type: patrol routes are lines, which lon/lat could not carry), so a
-- deleted row is judged where it was.

alter table change_events add column geom geometry;
update change_events set geom = st_setsrid(st_makepoint(lon, lat), 4326)
where lon is not null and lat is not null;
alter table change_events drop column lon, drop column lat;

create or replace function notify_change() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp
as $$
declare
	rec jsonb;
	v_geom geometry;
	ev bigint;
begin
	if app.bulk_loading() then
		return null;
	end if;
	if tg_op = 'DELETE' then
		rec := to_jsonb(old);
	else
		rec := to_jsonb(new);
	end if;
	if rec ? 'geom' then
		if tg_op = 'DELETE' then
			v_geom := old.geom;
		else
			v_geom := new.geom;
		end if;
	end if;
	insert into change_events (zone_id, entity, entity_id, op, geom)
	values (nullif(rec ->> 'zone_id', '')::uuid, tg_table_name, rec ->> 'id', lower(tg_op), v_geom)
	returning id into ev;
	perform pg_notify('changes', json_build_object(
		'eventId', ev,
		'table', tg_table_name,
		'op', lower(tg_op),
		'id', (rec -> 'id'),
		'zoneId', rec ->> 'zone_id'
	)::text);
	return null;
end
$$;

-- What the caller may learn of each event: 'row' (its id and operation) when they may read the
-- row ('<table>.read'), 'count' for a tip they may not read when they may read the zone's
-- aggregates (tip counts, app.tip_counts: the situation panel), null otherwise; a table without a
-- read permission tells no one. Security definer to read change_events; the caller's claims
-- decide (app.can reads them).
create function app.event_disclosure(p_ids bigint[])
returns table (id bigint, disclosure text)
language sql stable security definer
set search_path = public, extensions, pg_temp
as $$
	select e.id,
		case
			when not exists (select 1 from app.permissions p where p.permission = e.entity || '.read') then null
			when app.can(e.entity || '.read', e.zone_id, e.geom) then 'row'
			when e.entity = 'tips' and app.can('aggregates.read', e.zone_id) then 'count'
		end
	from change_events e
	where e.id = any (p_ids)
	order by e.id
$$;
revoke all on function app.event_disclosure(bigint[]) from public, anon, authenticated;
grant execute on function app.event_disclosure(bigint[]) to authenticated, service_role;
