-- A tipster's status follows what happened to the tip honestly (issue 13): a tip converted into an
-- incident reads 'processing' ("đã tiếp nhận, đang xử lý") until that incident is resolved or
-- transferred, not 'handled' the moment it is converted; a duplicate reads as the tip it
-- duplicates. Rejected tips, and decoys (which answer as rejected spam), still read 'handled'.
create or replace function app.tip_public_status(p_follow_up_hash text) returns text
language sql stable security definer
set search_path = public, extensions, pg_temp
as $$
	select s from (
		select case
			when t.status in ('received', 'verifying') then t.status
			when t.status = 'duplicate' and o.status in ('received', 'verifying') then o.status
			when t.status = 'converted' or (t.status = 'duplicate' and o.status = 'converted') then
				case when i.status in ('resolved', 'transferred') or i.id is null then 'handled'
				else 'processing' end
			else 'handled'
		end as s
		from tips t
		left join tips o on t.status = 'duplicate' and o.id = t.duplicate_of
		left join incidents i
			on i.id = case when t.status = 'duplicate' then o.incident_id else t.incident_id end
		where t.follow_up_hash = p_follow_up_hash
		union all
		select case when now() < d.handled_at then 'received' else 'handled' end
		from tip_decoys d where d.follow_up_hash = p_follow_up_hash
	) found
	limit 1
$$;

revoke all on function app.tip_public_status(text) from public, anon, authenticated;
grant execute on function app.tip_public_status(text) to anon, authenticated;
