-- The audit trail records what people change, not bookkeeping: an API token's last use and
-- the failed-login counters (logins are audited on their own) no longer write a row each.

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
			and k not in ('updated_at', 'last_seen_at', 'last_used_at', 'failed_attempts', 'locked_until');
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

