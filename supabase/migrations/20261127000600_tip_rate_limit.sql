-- The public tip line: abuse limits and the few things an anonymous caller may read
-- (issue: public tip line). Runs unchanged on PGlite (Postgres 18), PostgreSQL 15 and Supabase.

-- Per-address rate limits ------------------------------------------------------------------------
-- The app may run as several instances, so the counters live in the database, the one place that
-- sees every attempt. Tips are anonymous: an address is stored only as a salted sha256, only in
-- this table (never with a tip), and only for a day. The salt is made here, once per database,
-- and no role but the owner can read it (row-level security on, no policy, no grant).

create table tip_rate_salt (
	singleton boolean primary key default true check (singleton),
	salt text not null check (char_length(salt) >= 32)
);
-- gen_random_uuid() is a strong random source in core PostgreSQL 13+ (no pgcrypto needed).
insert into tip_rate_salt (salt)
values (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

create table tip_rate_events (
	id bigint generated always as identity primary key,
	-- 'submit': POST /api/tips; 'status': follow-up code look-ups (so codes cannot be guessed).
	bucket text not null check (bucket in ('submit', 'status')),
	addr_hash text not null check (addr_hash ~ '^[0-9a-f]{64}$'),
	at timestamptz not null default now()
);
create index tip_rate_events_addr_idx on tip_rate_events (addr_hash, bucket, at);
create index tip_rate_events_at_idx on tip_rate_events (at);

alter table tip_rate_salt enable row level security;
alter table tip_rate_events enable row level security;
-- Supabase grants new public tables to anon/authenticated by default; nobody needs them.
revoke all on tip_rate_salt, tip_rate_events from anon, authenticated;
revoke all on sequence tip_rate_events_id_seq from anon, authenticated;

-- Records one attempt from an address and says whether it is allowed; when it is not, how many
-- seconds until it would be. Only allowed attempts are recorded, so a refused caller's wait is
-- exact and a refusal changes nothing. Limits per address:
--   submit: 5 per 10 minutes and 20 per day;  status: 20 per 10 minutes and 100 per day.
create function app.tip_rate_limit(p_bucket text, p_address text)
returns table (allowed boolean, retry_after integer)
language plpgsql volatile security definer set search_path = public, extensions, pg_temp
as $$
declare
	v_short_max integer;
	v_day_max integer;
	v_hash text;
	v_at timestamptz;
	v_wait double precision := 0;
begin
	case p_bucket
		when 'submit' then v_short_max := 5; v_day_max := 20;
		when 'status' then v_short_max := 20; v_day_max := 100;
		else raise exception 'unknown rate-limit bucket %', p_bucket using errcode = '22023';
	end case;
	if p_address is null or char_length(p_address) not between 1 and 100 then
		raise exception 'address must be 1 to 100 characters' using errcode = '22023';
	end if;

	select encode(sha256(convert_to(s.salt || '|' || p_address, 'UTF8')), 'hex') into v_hash
	from tip_rate_salt s;
	-- One attempt per address at a time, so parallel requests cannot all read the same count.
	perform pg_advisory_xact_lock(hashtextextended('tip_rate:' || v_hash, 0));

	delete from tip_rate_events where at < now() - interval '1 day';

	-- The attempt that would have to leave the window for one more to fit.
	select e.at into v_at from tip_rate_events e
	where e.addr_hash = v_hash and e.bucket = p_bucket and e.at > now() - interval '10 minutes'
	order by e.at desc offset v_short_max - 1 limit 1;
	if found then
		v_wait := greatest(v_wait, extract(epoch from v_at + interval '10 minutes' - now()));
	end if;
	select e.at into v_at from tip_rate_events e
	where e.addr_hash = v_hash and e.bucket = p_bucket and e.at > now() - interval '1 day'
	order by e.at desc offset v_day_max - 1 limit 1;
	if found then
		v_wait := greatest(v_wait, extract(epoch from v_at + interval '1 day' - now()));
	end if;

	if v_wait > 0 then
		return query select false, greatest(1, ceil(v_wait))::integer;
		return;
	end if;
	insert into tip_rate_events (bucket, addr_hash) values (p_bucket, v_hash);
	return query select true, 0;
end
$$;

-- What the anonymous tip form may read ----------------------------------------------------------
-- anon has no table privileges at all; these return only what the public form needs.

-- Zones in force today, outline, code and name only, the default (first) zone first.
create function app.public_zones() returns text
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
		json_build_object(
			'type', 'Feature',
			'geometry', st_asgeojson(z.boundary, 6)::json,
			'properties', json_build_object('code', z.code, 'name', z.name))
		order by z.created_at, z.code), '[]'::json))::text
	from zones z
	where z.valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date
		and (z.valid_to is null or z.valid_to >= (now() at time zone 'Asia/Ho_Chi_Minh')::date)
$$;

-- The zone a tip is for (by code, or the first zone in force) and whether it covers the point
-- (null when no point is given). No row: no such zone.
create function app.public_zone_point(p_code text, p_lon double precision, p_lat double precision)
returns table (zone_id uuid, covers boolean)
language sql stable security definer set search_path = public, extensions, pg_temp
as $$
	select z.id,
		case when p_lon is null or p_lat is null then null
			else st_covers(z.boundary, st_setsrid(st_makepoint(p_lon, p_lat), 4326)) end
	from zones z
	where (p_code is null or z.code = p_code)
		and z.valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date
		and (z.valid_to is null or z.valid_to >= (now() at time zone 'Asia/Ho_Chi_Minh')::date)
	order by z.created_at, z.code
	limit 1
$$;

-- What the caller may do with a zone's tips: 'triage' (update), 'read' or 'none'. It mirrors the
-- policies tips_read / tips_update (20261127000500) so the API can answer 403 instead of an empty
-- queue; the policies still decide every row.
create function app.tip_access(p_zone uuid) returns text
language sql stable
as $$
	select case
		when not (p_zone = any (app.zones())) then 'none'
		when app.role() in ('admin', 'dispatcher') then 'triage'
		when app.role() = 'commander' then 'read'
		else 'none'
	end
$$;

-- Functions are executable by PUBLIC unless revoked; grant exactly who needs each.
revoke execute on function app.tip_rate_limit(text, text) from public;
revoke execute on function app.public_zones() from public;
revoke execute on function app.public_zone_point(text, double precision, double precision) from public;
revoke execute on function app.tip_access(uuid) from public;
grant execute on function app.tip_rate_limit(text, text) to anon, authenticated, service_role;
grant execute on function app.public_zones() to anon, authenticated, service_role;
grant execute on function app.public_zone_point(text, double precision, double precision)
	to anon, authenticated, service_role;
grant execute on function app.tip_access(uuid) to authenticated, service_role;

-- Duplicate suggestions search tips by place and time.
create index tips_zone_time_idx on tips (zone_id, (coalesce(occurred_at, created_at)));
