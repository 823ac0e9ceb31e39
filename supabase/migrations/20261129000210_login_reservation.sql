-- Sign-in limits that cannot be raced (issue 9 §3).
--
-- Before: the server counted failures, checked the password, then recorded the attempt; 100
-- parallel attempts were all counted as none and all checked. Now an attempt is reserved first:
-- app.login_begin counts the address's and the account's failures and inserts the attempt as a
-- failure in one statement, serialised per address and per username by transaction-level
-- advisory locks, and answers whether the password may be checked at all. The server then
-- checks the password with no transaction open (hashing takes ~0.4 s; the embedded engine has
-- one connection) and settles the attempt with app.login_end: marked successful, or left a
-- failure. A reservation that is never settled counts as a failure.
--
-- Only the server's own connection (the owner) calls these: they return a password hash.

create function app.login_begin(
	p_username text,
	p_ip text,
	p_account_failures integer,
	p_ip_failures integer,
	p_window_minutes integer
) returns table (
	verdict text,
	attempt_id bigint,
	user_id uuid,
	password_hash text,
	retry_after_s integer
)
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_window interval := make_interval(mins => p_window_minutes);
	v_n integer;
	v_oldest timestamptz;
	v_attempt bigint;
	v_user app_users%rowtype;
begin
	-- Always the address first, then the username: two sign-ins never wait on each other in a
	-- cycle. Held to the end of the statement's transaction.
	perform pg_advisory_xact_lock(hashtextextended('login.ip:' || p_ip, 0));
	perform pg_advisory_xact_lock(hashtextextended('login.user:' || p_username, 0));

	select count(*)::integer, min(a.at) into v_n, v_oldest
	from login_attempts a
	where a.ip = p_ip and not a.success and a.at > now() - v_window;
	if v_n >= p_ip_failures then
		insert into audit_log (actor_kind, action, entity, ip, details)
		values ('anonymous', 'login.refused', 'session', p_ip,
			jsonb_build_object('username', left(p_username, 60), 'reason', 'ip_limited'));
		return query select 'ip_limited'::text, null::bigint, null::uuid, null::text,
			greatest(1, ceil(extract(epoch from (v_oldest + v_window - now()))))::integer;
		return;
	end if;

	-- Counted per username from the attempts themselves, so an unknown name locks exactly like a
	-- real one. Failures before the last success or the last password change (an
	-- administrator's reset unlocks) do not count.
	select count(*)::integer, min(a.at) into v_n, v_oldest
	from login_attempts a
	where a.username = p_username and not a.success and a.at > now() - v_window
		and a.at > coalesce(greatest(
			(select max(s.at) from login_attempts s where s.username = p_username and s.success),
			(select u.password_changed_at from app_users u where u.username = p_username)
		), '-infinity');
	if v_n >= p_account_failures then
		insert into audit_log (actor_id, actor_kind, action, entity, entity_id, ip, details)
		select u.id, case when u.id is null then 'anonymous' else 'user' end, 'login.refused',
			'session', u.id::text, p_ip,
			jsonb_build_object('username', left(p_username, 60), 'reason', 'locked')
		from (select (select id from app_users where username = p_username) as id) u;
		return query select 'locked'::text, null::bigint, null::uuid, null::text,
			greatest(1, ceil(extract(epoch from (v_oldest + v_window - now()))))::integer;
		return;
	end if;

	insert into login_attempts (username, ip, success)
	values (left(p_username, 100), p_ip, false)
	returning id into v_attempt;
	select * into v_user from app_users u where u.username = p_username;
	-- An unknown, inactive or Supabase account has no hash to check: the server checks against a
	-- dummy, so the answer takes as long and says the same.
	return query select 'check'::text, v_attempt, v_user.id,
		case when v_user.is_active and v_user.auth_provider = 'local' then v_user.password_hash end,
		null::integer;
end
$$;

-- Settles a reserved attempt. p_outcome: 'success' (the password matched: the attempt is marked
-- successful, the account's counter cleared, and an old-cost hash replaced by p_new_hash if the
-- stored hash is still p_old_hash), 'failure' (it stays a failure; the account's counter and
-- lock are updated for the admin pages) or 'cancel' (the password was never checked: the
-- reservation is withdrawn). Returns the signed-in user on success.
create function app.login_end(
	p_attempt bigint,
	p_outcome text,
	p_account_failures integer,
	p_window_minutes integer,
	p_old_hash text default null,
	p_new_hash text default null
) returns table (user_id uuid, display_name text)
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_window interval := make_interval(mins => p_window_minutes);
	v_attempt login_attempts%rowtype;
	v_user app_users%rowtype;
	v_n integer;
	v_oldest timestamptz;
	v_upgraded integer := 0;
begin
	select * into v_attempt from login_attempts where id = p_attempt;
	if not found then
		raise exception 'no such sign-in attempt' using errcode = 'P0002';
	end if;
	select * into v_user from app_users where username = v_attempt.username;

	if p_outcome = 'cancel' then
		delete from login_attempts where id = p_attempt and not success;
		insert into audit_log (actor_id, actor_kind, action, entity, entity_id, ip, details)
		values (v_user.id, case when v_user.id is null then 'anonymous' else 'user' end,
			'login.refused', 'session', v_user.id::text, v_attempt.ip,
			jsonb_build_object('username', left(v_attempt.username, 60), 'reason', 'busy'));
		return;
	end if;

	if p_outcome = 'success' and v_user.id is not null and v_user.is_active then
		update login_attempts set success = true where id = p_attempt;
		update app_users set failed_attempts = 0, locked_until = null where id = v_user.id;
		if p_new_hash is not null
			and p_new_hash ~ '^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$' then
			-- Only if no one changed the password meanwhile; an upgrade is not a password change
			-- (it keeps password_changed_at, which the lockout counts from).
			perform set_config('app.password_rehash', 'on', true);
			update app_users set password_hash = p_new_hash
			where id = v_user.id and password_hash = p_old_hash;
			get diagnostics v_upgraded = row_count;
			perform set_config('app.password_rehash', '', true);
		end if;
		insert into audit_log (actor_id, actor_kind, action, entity, entity_id, ip, details)
		values (v_user.id, 'user', 'login.success', 'session', v_user.id::text, v_attempt.ip,
			jsonb_build_object('username', left(v_attempt.username, 60))
				|| case when v_upgraded > 0 then jsonb_build_object('rehashed', true) else '{}'::jsonb end);
		return query select v_user.id, v_user.display_name;
		return;
	end if;

	if p_outcome not in ('success', 'failure') then
		raise exception 'unknown outcome %', p_outcome using errcode = '22023';
	end if;
	if v_user.id is not null then
		select count(*)::integer, min(a.at) into v_n, v_oldest
		from login_attempts a
		where a.username = v_attempt.username and not a.success and a.at > now() - v_window
			and a.at > coalesce(greatest(
				(select max(s.at) from login_attempts s where s.username = v_attempt.username and s.success),
				v_user.password_changed_at
			), '-infinity');
		update app_users set
			failed_attempts = v_n,
			locked_until = case when v_n >= p_account_failures then v_oldest + v_window end
		where id = v_user.id;
	end if;
	insert into audit_log (actor_id, actor_kind, action, entity, entity_id, ip, details)
	values (v_user.id, case when v_user.id is null then 'anonymous' else 'user' end,
		'login.failure', 'session', v_user.id::text, v_attempt.ip,
		jsonb_build_object('username', left(v_attempt.username, 60), 'reason', 'invalid'));
end
$$;

revoke all on function app.login_begin(text, text, integer, integer, integer) from public, anon, authenticated;
revoke all on function app.login_end(bigint, text, integer, integer, text, text) from public, anon, authenticated;

-- A hash upgraded at sign-in is the same password: password_changed_at stays.
create or replace function app.stamp_password_change() returns trigger
language plpgsql
set search_path = public, extensions, pg_temp
as $$
begin
	if new.password_hash is distinct from old.password_hash
		and coalesce(current_setting('app.password_rehash', true), '') <> 'on' then
		new.password_changed_at := now();
	end if;
	return new;
end
$$;
revoke all on function app.stamp_password_change() from public, anon, authenticated;
