-- Administration (issue: admin): passwords, sessions and machine tokens.
--
-- `authenticated` holds no privilege on app_users.password_hash, on sessions or on inserting into
-- api_tokens, so that no request can read or plant a secret through a plain statement. The three
-- writes an administrator needs go through these SECURITY DEFINER functions instead; each checks
-- the caller's claims itself (an admin, and the user or zone within the admin's zones) and raises
-- 42501 otherwise. Row changes still reach audit_log through the tables' audit triggers, with the
-- caller's claims and address.

-- The caller administers this user: role admin, and the user shares a zone with the caller (or has
-- none yet, as app.user_in_my_zones says).
create function app.require_user_admin(p_user uuid) returns void
language plpgsql stable
set search_path = public, extensions, pg_temp
as $$
begin
	if app.role() <> 'admin' or not app.user_in_my_zones(p_user) then
		raise exception 'only an administrator of the user''s zones may do this' using errcode = '42501';
	end if;
end
$$;

-- Stores a password hash computed by the server (scrypt, see src/lib/server/auth/password.ts) and
-- clears the failure counter. The hash never passes through a table privilege of the caller.
create function app.set_password(p_user uuid, p_hash text) returns void
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_provider text;
begin
	perform app.require_user_admin(p_user);
	if p_hash is null or p_hash !~ '^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$' then
		raise exception 'not a password hash' using errcode = '22023', column = 'password';
	end if;
	select auth_provider into v_provider from app_users where id = p_user for update;
	if not found then
		raise exception 'no such user' using errcode = 'P0002';
	end if;
	if v_provider <> 'local' then
		raise exception 'this account signs in through Supabase Auth and has no local password'
			using errcode = '22023', column = 'password';
	end if;
	update app_users set password_hash = p_hash, failed_attempts = 0, locked_until = null
	where id = p_user;
end
$$;

-- Ends a user's sessions (all but p_keep, the caller's own, when given); returns how many.
-- sessions has no audit trigger (every request touches it), so the revocation is recorded here.
create function app.revoke_sessions(p_user uuid, p_keep text default null) returns integer
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	n integer;
begin
	perform app.require_user_admin(p_user);
	update sessions set revoked_at = now()
	where user_id = p_user and revoked_at is null and (p_keep is null or id <> p_keep);
	get diagnostics n = row_count;
	if n > 0 then
		perform app.write_audit('revoke_sessions', 'app_users', p_user::text, null,
			jsonb_build_object('sessions', n));
	end if;
	return n;
end
$$;

-- A machine token for one zone. The server generates the value and passes only its sha256; the
-- value is shown to the administrator once and is never stored.
create function app.create_api_token(
	p_name text,
	p_token_hash text,
	p_prefix text,
	p_role text,
	p_zone uuid,
	p_units text[] default '{}',
	p_team uuid default null,
	p_expires_at timestamptz default null
) returns uuid
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	v_id uuid;
	v_bad text;
begin
	if app.role() <> 'admin' or p_zone is null or not (p_zone = any (app.zones())) then
		raise exception 'only an administrator of zone % may create its tokens', p_zone
			using errcode = '42501';
	end if;
	if p_token_hash is null or p_token_hash !~ '^[0-9a-f]{64}$' then
		raise exception 'token hash must be a sha256 hex digest' using errcode = '22023', column = 'token';
	end if;
	if p_prefix is null or p_prefix !~ '^[A-Za-z0-9_-]{4,20}$' then
		raise exception 'token prefix is malformed' using errcode = '22023', column = 'token';
	end if;
	if p_team is not null and not exists (select 1 from security_teams t where t.id = p_team and t.zone_id = p_zone) then
		raise exception 'team % is not in the token''s zone', p_team using errcode = '22023', column = 'teamId';
	end if;
	select u.code into v_bad
	from unnest(coalesce(p_units, '{}'::text[])) as u(code)
	where not exists (
		select 1 from admin_units a
		where a.zone_id = p_zone and a.code = u.code
			and a.valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date
			and (a.valid_to is null or a.valid_to >= (now() at time zone 'Asia/Ho_Chi_Minh')::date)
	)
	limit 1;
	if v_bad is not null then
		raise exception 'unit % is not a current administrative unit of the token''s zone', v_bad using errcode = '22023', column = 'units';
	end if;
	if p_expires_at is not null and p_expires_at <= now() then
		raise exception 'expiry must be in the future' using errcode = '22023', column = 'expiresInDays';
	end if;
	insert into api_tokens (name, token_hash, prefix, role, zone_id, unit_codes, team_id, created_by, expires_at)
	values (
		p_name, p_token_hash, p_prefix, p_role, p_zone, coalesce(p_units, '{}'::text[]), p_team,
		-- A token acting as admin has no app_users row: its tokens have no creator.
		(select u.id from app_users u where u.id = auth.uid()),
		p_expires_at
	)
	returning id into v_id;
	return v_id;
end
$$;

-- Functions are executable by PUBLIC by default: only signed-in callers may try these (and the
-- checks above then decide).
revoke execute on function app.require_user_admin(uuid) from public;
revoke execute on function app.set_password(uuid, text) from public;
revoke execute on function app.revoke_sessions(uuid, text) from public;
revoke execute on function app.create_api_token(text, text, text, text, uuid, text[], uuid, timestamptz) from public;
grant execute on function app.require_user_admin(uuid) to authenticated;
grant execute on function app.set_password(uuid, text) to authenticated;
grant execute on function app.revoke_sessions(uuid, text) to authenticated;
grant execute on function app.create_api_token(text, text, text, text, uuid, text[], uuid, timestamptz) to authenticated;

-- The audit page reads newest first with keyset pagination on (at, id).
create index audit_log_at_id_idx on audit_log (at, id);
