-- Open event streams end with their credential (issue 9 §4). Every change that can end or narrow
-- what a credential may do is announced on NOTIFY 'auth_changes'; the server's LiveHub listens and
-- re-checks the open streams it concerns (src/lib/server/live/stream-auth.ts). Payloads carry ids
-- only: the user (`{"user": …}`) or the machine token (`{"token": …}`), never a session hash.
--
-- What is announced:
--   sessions       revoked, expiry moved, deleted (a last_seen_at touch is not: requests do that)
--   api_tokens     revoked, expiry or scope changed, deleted (last_used_at is not)
--   app_users      role, activity, team or sign-in provider changed, deleted
--   user_zones,    any row added, changed or removed
--   user_units
-- The announcement is sent at commit (NOTIFY is transactional), so a re-check sees the change.

create function app.notify_auth_change() returns trigger
language plpgsql
security definer
set search_path = public, extensions, pg_temp
as $$
declare
	rec record;
begin
	if tg_op = 'DELETE' then
		rec := old;
	else
		rec := new;
	end if;
	if tg_table_name = 'api_tokens' then
		perform pg_notify('auth_changes', json_build_object('token', rec.id)::text);
	elsif tg_table_name = 'app_users' then
		perform pg_notify('auth_changes', json_build_object('user', rec.id)::text);
	else
		-- sessions, user_zones, user_units: the row names its user.
		perform pg_notify('auth_changes', json_build_object('user', rec.user_id)::text);
	end if;
	return null;
end
$$;

revoke all on function app.notify_auth_change() from public, anon, authenticated;

create trigger sessions_auth_change
after update of revoked_at, expires_at or delete on sessions
for each row execute function app.notify_auth_change();

create trigger api_tokens_auth_change
after update of revoked_at, expires_at, role, zone_id, unit_codes, team_id or delete on api_tokens
for each row execute function app.notify_auth_change();

create trigger app_users_auth_change
after update of role, is_active, team_id, auth_provider or delete on app_users
for each row execute function app.notify_auth_change();

create trigger user_zones_auth_change
after insert or update or delete on user_zones
for each row execute function app.notify_auth_change();

create trigger user_units_auth_change
after insert or update or delete on user_units
for each row execute function app.notify_auth_change();
