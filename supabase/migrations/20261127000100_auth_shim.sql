-- Supabase-compatible auth shim.
-- On Supabase the `auth` schema, its functions and the `anon` / `authenticated` / `service_role`
-- roles already exist; every statement here is guarded so that it changes nothing there.
-- Elsewhere (PGlite, self-hosted PostgreSQL) it creates the same names, so row-level security
-- policies are written once, the Supabase way. The server sets `request.jwt.claims` and
-- `SET LOCAL ROLE authenticated` per request, exactly as PostgREST does.

do $$
begin
	if not exists (select 1 from pg_roles where rolname = 'anon') then
		create role anon nologin noinherit;
	end if;
	if not exists (select 1 from pg_roles where rolname = 'authenticated') then
		create role authenticated nologin noinherit;
	end if;
	if not exists (select 1 from pg_roles where rolname = 'service_role') then
		create role service_role nologin noinherit bypassrls;
	end if;
end
$$;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

do $$
begin
	if not exists (
		select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where n.nspname = 'auth' and p.proname = 'jwt'
	) then
		create function auth.jwt() returns jsonb
		language sql stable
		as $fn$
			select coalesce(
				nullif(current_setting('request.jwt.claim', true), ''),
				nullif(current_setting('request.jwt.claims', true), '')
			)::jsonb
		$fn$;
	end if;
	if not exists (
		select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where n.nspname = 'auth' and p.proname = 'uid'
	) then
		create function auth.uid() returns uuid
		language sql stable
		as $fn$
			select coalesce(
				nullif(current_setting('request.jwt.claim.sub', true), ''),
				(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
			)::uuid
		$fn$;
	end if;
	if not exists (
		select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where n.nspname = 'auth' and p.proname = 'role'
	) then
		create function auth.role() returns text
		language sql stable
		as $fn$
			select coalesce(
				nullif(current_setting('request.jwt.claim.role', true), ''),
				(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
			)::text
		$fn$;
	end if;
end
$$;

grant execute on function auth.jwt() to anon, authenticated, service_role;
grant execute on function auth.uid() to anon, authenticated, service_role;
grant execute on function auth.role() to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;
