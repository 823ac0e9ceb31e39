-- The map's viewport frame (src/lib/domain/incident-wire.ts, "AIC2") is written from a record
-- each incident row stores, so the viewport query only concatenates bytes that already exist.
-- Measured at 1M incidents (13,300 points in a 5 × 5 km, 30-day box): computing the 28-byte
-- records per request with int8send/int4send and a category lookup cost ~10 ms of a ~30 ms
-- query on PostgreSQL and more on PGlite; the stored 20-byte record costs an aggregate only.

-- 1. Categories get a stable number: a record carries it, and the frame header lists the codes by
--    it. It never changes once given, so stored records stay right when categories are added or
--    their display order (sort_order) changes.
alter table incident_categories add column ordinal smallint;
update incident_categories c set ordinal = o.n
from (select code, row_number() over (order by sort_order, code) as n from incident_categories) o
where o.code = c.code;
alter table incident_categories
	alter column ordinal set not null,
	add constraint incident_categories_ordinal_key unique (ordinal),
	add constraint incident_categories_ordinal_check check (ordinal > 0);

create or replace function incident_categories_number() returns trigger
language plpgsql as $$
begin
	if new.ordinal is null then
		-- Two concurrent inserts may both pick max + 1: the unique constraint refuses the second.
		select coalesce(max(ordinal), 0) + 1 into new.ordinal from incident_categories;
	elsif tg_op = 'UPDATE' and new.ordinal is distinct from old.ordinal then
		raise exception 'incident_categories.ordinal is fixed once given (%: % -> %)',
			old.code, old.ordinal, new.ordinal;
	end if;
	return new;
end $$;
create trigger incident_categories_number before insert or update on incident_categories
	for each row execute function incident_categories_number();

-- 2. Each incident keeps its category's number beside the code (kept by trigger; the foreign key
--    on the code stays the rule). The column is filled by a table rewrite (ALTER … TYPE … USING),
--    not an UPDATE, so a large table is not left with a dead copy of every row; PGlite has no
--    autovacuum to clean one up.
create or replace function app.incident_category_number(code text) returns smallint
language sql stable as $$ select ordinal from public.incident_categories where incident_categories.code = $1 $$;

alter table incidents add column category_no smallint;
alter table incidents alter column category_no type smallint using app.incident_category_number(category);
alter table incidents alter column category_no set not null;

create or replace function incidents_number_category() returns trigger
language plpgsql as $$
begin
	new.category_no := app.incident_category_number(new.category);
	-- An unknown code is left for the foreign key to refuse with its usual message.
	if new.category_no is null then new.category_no := 0; end if;
	return new;
end $$;
create trigger incidents_number_category before insert or update of category, category_no on incidents
	for each row execute function incidents_number_category();

-- 3. The record, 20 bytes big-endian, exactly as the frame carries it:
--      id          uint32  the low 32 bits (the query refuses to frame ids of 2^32 and above)
--      lon, lat    int32   degrees × 10⁷ (≈ 1 cm)
--      occurredAt  uint32  whole seconds since 1970-01-01T00:00:00Z (until 2106)
--      attributes  uint32  category number << 16 | severity << 8 | status
--    Status numbers are 1-based positions in app.incident_statuses(), the one list both the
--    records and the frame header use (the order of INCIDENT_STATUSES in
--    src/lib/domain/categories.ts; the values incidents_status_check allows). A stored generated
--    column, so PostgreSQL keeps it right on every insert and update; only immutable functions may
--    appear here.
create or replace function app.incident_statuses() returns text[]
language sql immutable as $$ select '{new,handling,resolved,transferred}'::text[] $$;

alter table incidents add column frame_record bytea generated always as (
	substr(int8send(id), 5)
	|| int4send((st_x(geom) * 1e7)::int4)
	|| int4send((st_y(geom) * 1e7)::int4)
	|| substr(int8send(floor(date_part('epoch', occurred_at - timestamptz '1970-01-01 00:00:00+00'))::int8), 5)
	|| int4send((category_no::int4 << 16) | (severity::int4 << 8)
		| coalesce(array_position(app.incident_statuses(), status), 0))
) stored;

-- 4. The time index carries what the viewport reads, so PostgreSQL answers it from the index
--    alone (an index-only scan: ~260 buffers for 13,000 points instead of ~660 heap and index
--    pages) and in order (id is the tie-break of "newest first", so no sort). category_no serves
--    the category filter and geom the box and the liaison branch of the read policy; every column
--    a query touches must be in the index for an index-only scan. The visibility map it relies on
--    is kept by autovacuum on PostgreSQL and by the app's maintenance on PGlite
--    (startEmbeddedMaintenance in src/lib/server/db/open.ts).
drop index incidents_zone_time_idx;
create index incidents_zone_time_idx on incidents (zone_id, occurred_at, id)
	include (category_no, geom, frame_record);

-- 5. The frame itself: magic, header length, JSON header, records (incident-wire.ts). Runs as
--    the caller, so the read policy on incidents decides which rows it sees. The custom plan lets
--    PostgreSQL drop the filters that are not given and use the index for those that are.
create or replace function app.incident_frame(
	p_zone uuid,
	p_from timestamptz,
	p_to timestamptz,
	p_categories text[],
	p_bbox float8[],
	p_limit int
) returns bytea
language plpgsql stable
set plan_cache_mode = force_custom_plan
as $$
declare
	v_categories smallint[];
	v_count int;
	v_max_id bigint;
	v_records bytea;
	v_header bytea;
begin
	if p_zone is null or p_limit is null or p_limit < 0 then
		raise exception 'app.incident_frame: a zone and a limit of 0 or more are required'
			using errcode = '22023';
	end if;
	if p_bbox is not null and cardinality(p_bbox) <> 4 then
		raise exception 'app.incident_frame: bbox takes 4 numbers' using errcode = '22023';
	end if;
	if p_categories is not null then
		v_categories := array(select c.ordinal from incident_categories c where c.code = any (p_categories));
	end if;

	select count(*), max(s.id), string_agg(s.frame_record, ''::bytea)
	into v_count, v_max_id, v_records
	from (
		select i.id, i.frame_record
		from incidents i
		where i.zone_id = p_zone
			and (p_from is null or i.occurred_at >= p_from)
			and (p_to is null or i.occurred_at < p_to)
			and (v_categories is null or i.category_no = any (v_categories))
			and (p_bbox is null
				or i.geom && st_makeenvelope(p_bbox[1], p_bbox[2], p_bbox[3], p_bbox[4], 4326))
		order by i.occurred_at desc, i.id desc
		limit p_limit + 1
	) s;
	-- A record keeps the low 32 bits of an id: refuse loudly rather than send wrong ids.
	if v_max_id > 4294967295 then
		raise exception 'incident id % does not fit the viewport frame''s uint32 ids', v_max_id;
	end if;
	-- One row beyond the limit is read only to tell that the result was cut.
	if v_count > p_limit then
		v_records := substr(v_records, 1, p_limit * 20);
	end if;
	v_header := convert_to(json_build_object(
		'count', least(v_count, p_limit),
		'truncated', v_count > p_limit,
		-- Indexed by category number; "" where a number is no longer in use.
		'categories', (select coalesce(array_agg(coalesce(c.code, '') order by g.n), '{}')
			from generate_series(1, (select max(ordinal) from incident_categories)) g(n)
			left join incident_categories c on c.ordinal = g.n),
		-- The list frame_record numbers statuses by.
		'statuses', app.incident_statuses()
	)::text, 'UTF8');
	return '\x41494332'::bytea || int4send(octet_length(v_header)) || v_header
		|| coalesce(v_records, ''::bytea);
end $$;
grant execute on function app.incident_frame(uuid, timestamptz, timestamptz, text[], float8[], int) to anon, authenticated, service_role;
grant execute on function app.incident_category_number(text) to anon, authenticated, service_role;
grant execute on function app.incident_statuses() to anon, authenticated, service_role;

-- 6. The read policy, unchanged in meaning, with each role test inside its sub-select: PostgreSQL
--    then decides it once per query (an InitPlan) instead of comparing the role's text for every
--    row a query reads (measured: ~1.5 ms of a 13,000-point viewport).
drop policy incidents_read on incidents;
create policy incidents_read on incidents for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (
			(select app.role() in ('admin', 'commander', 'dispatcher', 'planner'))
			or ((select app.role() = 'liaison') and st_intersects(geom, (select app.liaison_area())))
		)
	);

-- 7. The audit trail lists the columns people changed; the two derived columns are not among
--    them (a status change stays "changed: [status]"). Otherwise as in 20261127001200.
create or replace function app.audit_row_change() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp
as $$
declare
	rec jsonb;
	old_rec jsonb;
	changed text[];
begin
	if coalesce(current_setting('app.bulk_load', true), '') = 'on' then
		return null;
	end if;
	if tg_op = 'DELETE' then
		rec := to_jsonb(old);
	else
		rec := to_jsonb(new);
	end if;
	if tg_op = 'UPDATE' then
		old_rec := to_jsonb(old);
		select array_agg(k order by k) into changed
		from jsonb_object_keys(rec) as k
		where rec -> k is distinct from old_rec -> k
			and k not in ('updated_at', 'last_seen_at', 'last_used_at', 'failed_attempts', 'locked_until',
				'frame_record', 'category_no');
		-- Bookkeeping only (a token used, a failed login counted): logged elsewhere or not at all.
		if changed is null then
			return null;
		end if;
	end if;
	perform app.write_audit(
		lower(tg_op),
		tg_table_name,
		coalesce(rec ->> 'id', rec ->> 'incident_id', rec ->> 'user_id'),
		nullif(rec ->> 'zone_id', '')::uuid,
		case when changed is null then '{}'::jsonb else jsonb_build_object('changed', changed) end
	);
	return null;
end
$$;
