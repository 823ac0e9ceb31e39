-- PostGIS's spatial_ref_sys is read-only for anon and authenticated (issue 9 §12).
--
-- Our metric work relies on its rows (EPSG:32648, VN-2000 9209/9210). Where PostGIS lives in
-- public, Supabase exposes the table through its API, and Supabase's default privileges gave anon
-- and authenticated every privilege on it: anyone could delete those rows. Where PostGIS lives in
-- schema `extensions` (what Supabase recommends) nothing here applies.
--
-- The writes are revoked. That takes effect where the migrating role owns the table or holds the
-- grant option (self-hosted PostgreSQL, PGlite: there anon never had more than SELECT anyway). On
-- Supabase the table belongs to supabase_admin and `postgres` can neither revoke nor enable
-- row-level security (the revoke only warns); it does hold the TRIGGER privilege, from the same
-- default privileges, so a statement trigger refuses those two roles' writes instead.
do $$
declare
	srs regclass := to_regclass('public.spatial_ref_sys');
	writes constant text := 'insert, update, delete, truncate';
begin
	if srs is null then
		return;
	end if;
	begin
		revoke insert, update, delete, truncate, references, trigger on public.spatial_ref_sys
			from anon, authenticated;
	exception when insufficient_privilege then
		null;
	end;
	if not (has_table_privilege('anon', srs, writes) or has_table_privilege('authenticated', srs, writes)) then
		return;
	end if;
	create function app.spatial_ref_sys_read_only() returns trigger
	language plpgsql
	set search_path = pg_catalog, pg_temp
	as $fn$
	begin
		if current_user in ('anon', 'authenticated') then
			raise exception 'spatial_ref_sys is read-only for %', current_user using errcode = '42501';
		end if;
		return null;
	end
	$fn$;
	revoke all on function app.spatial_ref_sys_read_only() from public, anon, authenticated;
	begin
		create trigger spatial_ref_sys_read_only
			before insert or update or delete or truncate on public.spatial_ref_sys
			for each statement execute function app.spatial_ref_sys_read_only();
	exception when insufficient_privilege then
		raise exception 'anon and authenticated can write public.spatial_ref_sys, and % can neither '
			'revoke that nor guard the table: enable PostGIS in schema extensions, or have the '
			'table''s owner run: revoke insert, update, delete, truncate on public.spatial_ref_sys '
			'from anon, authenticated', current_user using errcode = '42501';
	end;
end
$$;
