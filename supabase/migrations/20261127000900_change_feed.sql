-- The live change feed: every change announced on NOTIFY is also kept, numbered, for a while, so
-- a browser that reconnects with Last-Event-ID gets exactly what it missed.

create table change_events (
	id bigint generated always as identity primary key,
	at timestamptz not null default now(),
	zone_id uuid,
	entity text not null,
	entity_id text not null,
	op text not null check (op in ('insert', 'update', 'delete')),
	-- Where the changed row is (points only), so the server can filter by a liaison's area.
	lon double precision,
	lat double precision
);
create index change_events_at_idx on change_events (at);
alter table change_events enable row level security;
-- No policy: only the server's stream reads it, and filters what each caller may receive.
revoke all on change_events from anon, authenticated;
revoke all on sequence change_events_id_seq from anon, authenticated;

create or replace function notify_change() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp
as $$
declare
	rec jsonb;
	g jsonb;
	ev bigint;
begin
	if coalesce(current_setting('app.bulk_load', true), '') = 'on' then
		return null;
	end if;
	if tg_op = 'DELETE' then
		rec := to_jsonb(old);
	else
		rec := to_jsonb(new);
	end if;
	-- PostGIS renders geometry as GeoJSON in to_jsonb().
	g := rec -> 'geom';
	insert into change_events (zone_id, entity, entity_id, op, lon, lat)
	values (
		nullif(rec ->> 'zone_id', '')::uuid, tg_table_name, rec ->> 'id', lower(tg_op),
		case when g ->> 'type' = 'Point' then (g -> 'coordinates' ->> 0)::float8 end,
		case when g ->> 'type' = 'Point' then (g -> 'coordinates' ->> 1)::float8 end
	)
	returning id into ev;
	perform pg_notify('changes', json_build_object(
		'eventId', ev,
		'table', tg_table_name,
		'op', lower(tg_op),
		'id', (rec -> 'id'),
		'zoneId', rec ->> 'zone_id',
		'lon', case when g ->> 'type' = 'Point' then (g -> 'coordinates' ->> 0)::float8 end,
		'lat', case when g ->> 'type' = 'Point' then (g -> 'coordinates' ->> 1)::float8 end
	)::text);
	return null;
end
$$;

-- Keep a week of events; older ones are useless for catching up.
create function app.prune_change_events() returns void
language sql security definer set search_path = public, extensions, pg_temp
as $$ delete from change_events where at < now() - interval '7 days' $$;
