-- The audit trail: written only by trusted code, and chained so that tampering shows (issue 9 §10).
--
-- Until now app.write_audit was executable by anon and authenticated, and it takes the address
-- from `request.ip`, a setting any session may set: a caller with SQL access wrote a row "from"
-- 8.8.8.8. And the table owner could disable the append-only trigger and rewrite or delete rows
-- without a trace. Now:
--   * nobody but the database owner's own code (triggers and SECURITY DEFINER functions) may call
--     app.write_audit; reads of personal fields are audited by the functions that return them
--     (20261129000410_personal_reads.sql);
--   * every row carries its place in one chain (`seq`), the previous row's hash (`prev_hash`) and
--     its own (`row_hash` = sha256(prev_hash || canonical content)), set by a BEFORE INSERT
--     trigger whatever path wrote the row; app.audit_chain_check() recomputes the chain.
-- What this guarantees, and what not: README "The audit trail".

-- 1. Only trusted code writes audit rows -------------------------------------------------------
revoke all on function app.write_audit(text, text, text, uuid, jsonb)
	from public, anon, authenticated, service_role;
revoke insert, update, delete, truncate on audit_log from public, anon, authenticated;

-- 2. The chain ---------------------------------------------------------------------------------
alter table audit_log
	add column seq bigint,
	add column prev_hash bytea,
	add column row_hash bytea;

-- A row's hash: sha256 over the previous row's hash and the row's canonical text, a JSON array of
-- every other column in a fixed order. The time is printed in UTC with microseconds, so neither
-- the session's TimeZone nor DateStyle changes the text; `details` is jsonb, printed with its keys
-- in one order. Plain SQL without a SET clause so that PostgreSQL inlines it where it is called
-- (measured on PGlite, hashing 100,000 rows: 2.5 s with `set search_path`, 1.1 s inlined, 0.6 s
-- inlined and with json instead of jsonb for the array); it names only pg_catalog functions.
create function app.audit_row_hash(a audit_log) returns bytea
language sql stable
as $$
	select sha256(coalesce(a.prev_hash, ''::bytea) || convert_to(json_build_array(
		a.seq, a.id, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
		a.actor_id, a.actor_role, a.actor_kind, a.action, a.entity, a.entity_id, a.zone_id,
		a.ip, a.user_agent, a.details)::text, 'UTF8'))
$$;

-- Rows written before the chain existed are chained here, in the order of their ids. The
-- append-only trigger is set aside for this one statement of the migration, by the owner.
alter table audit_log disable trigger audit_log_no_update;
do $$
declare
	r audit_log;
	v_prev bytea;
	v_seq bigint := 0;
	v_ids bigint[] := '{}';
	v_hashes bytea[] := '{}';
begin
	-- Hashes are computed row by row (each needs the one before) and written in one update
	-- (measured, 100,000 rows on PostgreSQL 15: 12 s with an update per row, 6 s so).
	for r in select * from audit_log order by id loop
		v_seq := v_seq + 1;
		r.seq := v_seq;
		r.prev_hash := v_prev;
		v_prev := app.audit_row_hash(r);
		v_ids := v_ids || r.id;
		v_hashes := v_hashes || v_prev;
	end loop;
	update audit_log a
	set seq = c.n, prev_hash = c.p, row_hash = c.h
	from (
		select u.id, u.h, u.n, lag(u.h) over (order by u.n) as p
		from unnest(v_ids, v_hashes) with ordinality as u(id, h, n)
	) c
	where a.id = c.id;
end
$$;
alter table audit_log enable trigger audit_log_no_update;

alter table audit_log
	alter column seq set not null,
	alter column row_hash set not null,
	add constraint audit_log_row_hash_sha256 check (octet_length(row_hash) = 32),
	add constraint audit_log_prev_hash_sha256 check (prev_hash is null or octet_length(prev_hash) = 32);
-- Two rows can never claim the same place: a writer that did not see the previous row fails
-- here instead of forking the chain.
create unique index audit_log_seq_idx on audit_log (seq);

-- Every insert, whatever wrote it (write_audit, the login and logout bookkeeping, a superuser by
-- hand), joins the chain. The transaction-level advisory lock makes writers take their turn and
-- holds until commit, so the next writer reads this row as the head; READ COMMITTED gives each
-- statement here a fresh snapshot taken after the lock is granted.
create function app.audit_log_chain() returns trigger
language plpgsql security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_seq bigint;
	v_prev bytea;
begin
	perform pg_advisory_xact_lock(hashtextextended('anninh.audit_log.chain', 0));
	select a.seq, a.row_hash into v_seq, v_prev from audit_log a order by a.seq desc limit 1;
	new.seq := coalesce(v_seq, 0) + 1;
	new.prev_hash := v_prev;
	new.row_hash := app.audit_row_hash(new);
	return new;
end
$$;
create trigger audit_log_chain before insert on audit_log
	for each row execute function app.audit_log_chain();

-- 3. Verification ------------------------------------------------------------------------------
-- Recomputes every link in chain order and names the first row where it breaks:
--   unchained  the row has no place or hash in the chain (written with the chain trigger off);
--   sequence   its number does not follow the previous row's: rows before it were deleted;
--   link       it does not carry the previous row's hash: that row was changed or replaced;
--   content    its own content no longer matches its hash: the row was edited;
--   head       the head recorded earlier (p_head_seq, p_head_hash) is gone or has another hash:
--              the chain was cut or rewritten after it.
-- The head (last row's number and hash) is returned so that it can be kept outside the database:
-- without an outside copy, a rewrite of the chain from some row to its end cannot be detected.
create type app.audit_chain_state as (
	intact boolean,
	total bigint,
	head_seq bigint,
	head_hash text,
	head_at timestamptz,
	broken_id bigint,
	broken_seq bigint,
	broken_at timestamptz,
	reason text
);

create function app.audit_chain_check(p_head_seq bigint default null, p_head_hash text default null)
returns app.audit_chain_state
language sql stable security definer
set search_path = public, extensions, pg_temp
as $$
	with c as (
		select a.id, a.at, a.seq, a.prev_hash, a.row_hash,
			lag(a.seq) over w as before_seq,
			lag(a.row_hash) over w as before_hash,
			app.audit_row_hash(a) as expected
		from audit_log a
		-- The unique index on seq gives this order without a sort.
		window w as (order by a.seq)
	),
	breaks as (
		select * from (
			select c.id, c.at, c.seq, case
				when c.seq is null or c.row_hash is null then 'unchained'
				when c.seq <> coalesce(c.before_seq, 0) + 1 then 'sequence'
				when c.prev_hash is distinct from c.before_hash then 'link'
				when c.row_hash <> c.expected then 'content'
			end as reason
			from c
		) r
		where r.reason is not null
		union all
		select a.id, a.at, p_head_seq, 'head'
		from (select 1) one
		left join audit_log a on a.seq = p_head_seq
		where p_head_seq is not null
			and (a.row_hash is null or encode(a.row_hash, 'hex') <> lower(p_head_hash))
	),
	first_broken as (
		select * from breaks order by seq nulls first, reason = 'head', id limit 1
	),
	head as (
		select a.seq, a.row_hash, a.at from audit_log a where a.seq is not null order by a.seq desc limit 1
	)
	select
		not exists (select 1 from first_broken),
		(select count(*) from audit_log),
		(select seq from head),
		(select encode(row_hash, 'hex') from head),
		(select at from head),
		b.id, b.seq, b.at, b.reason
	from (select 1) one
	left join first_broken b on true
$$;

-- The administrators' view of the same check (GET /api/admin/audit/verify). The chain is one for
-- the whole database, so the answer is too: whether it holds, how long it is, its head and where
-- it first breaks, never the content of a row.
create function app.audit_verify(p_head_seq bigint default null, p_head_hash text default null)
returns app.audit_chain_state
language plpgsql stable security definer
set search_path = public, extensions, pg_temp
as $$
begin
	if app.role() <> 'admin' or cardinality(app.zones()) = 0 then
		raise exception 'only an administrator may verify the audit trail' using errcode = '42501';
	end if;
	return app.audit_chain_check(p_head_seq, p_head_hash);
end
$$;

revoke all on function app.audit_row_hash(audit_log) from public, anon, authenticated, service_role;
revoke all on function app.audit_log_chain() from public, anon, authenticated, service_role;
revoke all on function app.audit_chain_check(bigint, text) from public, anon, authenticated, service_role;
revoke all on function app.audit_verify(bigint, text) from public, anon, authenticated, service_role;
grant execute on function app.audit_verify(bigint, text) to authenticated;
