-- Functions that pin their search path find PostGIS in schema `extensions` too (issue 9 §12).
--
-- On Supabase PostGIS lives in `extensions`; a function pinned to `public, pg_temp` could not find
-- st_union & co. there, so the earlier migrations now say `public, extensions, pg_temp` (where the
-- schema does not exist PostgreSQL skips it). Databases migrated with their earlier text get the
-- same path here; on a database migrated with the current text this finds nothing to change.
do $$
declare
	f regprocedure;
begin
	for f in
		select p.oid::regprocedure
		from pg_proc p
		where p.proowner = (select oid from pg_roles where rolname = current_user)
			and p.proconfig @> array['search_path=public, pg_temp']
			and not exists (
				select 1 from pg_depend d
				where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
			)
	loop
		execute format('alter function %s set search_path = public, extensions, pg_temp', f);
	end loop;
end
$$;
