-- A new password ends a lockout. Lockout is computed from login_attempts (failures since the last
-- successful sign-in, see src/lib/server/auth/login.ts); when an administrator resets a locked
-- user's password, the failures before the reset must no longer count, or the user could not
-- sign in with the new password until the lock expired. Every password change stamps the time;
-- the login counts failures only after the later of the last success and that stamp.

alter table app_users add column password_changed_at timestamptz;

create function app.stamp_password_change() returns trigger
language plpgsql
set search_path = public, extensions, pg_temp
as $$
begin
	if new.password_hash is distinct from old.password_hash then
		new.password_changed_at := now();
	end if;
	return new;
end
$$;

revoke execute on function app.stamp_password_change() from public;

create trigger app_users_password_changed
before update of password_hash on app_users
for each row execute function app.stamp_password_change();
