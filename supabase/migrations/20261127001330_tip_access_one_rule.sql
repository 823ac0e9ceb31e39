-- One place for who may do what with tips. Until now the role lists lived twice: in the
-- policies tips_read / tips_update (20261127000500) and in app.tip_access (20261127000600), which
-- the API asks to answer 403 instead of an empty queue. Both now read app.tip_role_access().

-- What the caller's role may do with tips in their zones: 'triage' (read and update), 'read' or
-- 'none'. The board sees tips only as counts (app.tip_counts), never rows.
create function app.tip_role_access() returns text
language sql stable
as $$
	select case
		when app.role() in ('admin', 'dispatcher') then 'triage'
		when app.role() = 'commander' then 'read'
		else 'none'
	end
$$;
revoke execute on function app.tip_role_access() from public;
grant execute on function app.tip_role_access() to authenticated, service_role;

create or replace function app.tip_access(p_zone uuid) returns text
language sql stable
as $$
	select case when p_zone = any (app.zones()) then app.tip_role_access() else 'none' end
$$;

drop policy tips_read on tips;
drop policy tips_update on tips;
-- (select …) makes each call an init plan, evaluated once per statement, not once per row.
create policy tips_read on tips for select to authenticated
	using (
		zone_id = any ((select app.zones())::uuid[])
		and (select app.tip_role_access()) in ('read', 'triage')
	);
create policy tips_update on tips for update to authenticated
	using (zone_id = any ((select app.zones())::uuid[]) and (select app.tip_role_access()) = 'triage')
	with check (zone_id = any ((select app.zones())::uuid[]) and (select app.tip_role_access()) = 'triage');
