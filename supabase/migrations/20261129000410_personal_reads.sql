-- Personal fields are read only through functions that audit the read (issue 9 §6 and §10).
--
-- Until now the API audited a read of personal fields by calling app.write_audit as the caller,
-- and only on some paths: GET /api/tips/{id}/duplicates and the triage answers returned tipsters'
-- contacts without an audit row, and any caller with SQL access could read the columns directly.
-- Now no caller role may select the personal columns (incident details, a tip's contact); the two
-- functions below return them and write the audit row in the same step, as the owner, so a read
-- cannot happen without its row and a caller cannot write a row of their choosing.
-- The list of personal fields and of the answers that carry them: src/lib/server/audit/personal-fields.ts.

-- 1. Incident details: one rule for who may read them -----------------------------------------
-- The caller sees the incident and may see who was involved: commanders, dispatchers and admins
-- in their zones, a ward officer inside their own units (as incidents_read; planners, the board
-- and team leads never). The policy and the reading function both ask this.
create function app.incident_details_readable(p_zone uuid, p_geom geometry) returns boolean
language sql stable
as $$
	select p_zone = any (app.zones())
		and (
			app.role() in ('admin', 'commander', 'dispatcher')
			or (app.role() = 'liaison' and st_intersects(p_geom, app.liaison_area()))
		)
$$;
revoke all on function app.incident_details_readable(uuid, geometry) from public, anon, authenticated;
grant execute on function app.incident_details_readable(uuid, geometry) to authenticated, service_role;

drop policy incident_details_read on incident_details;
create policy incident_details_read on incident_details for select to authenticated
	using (
		exists (
			select 1 from incidents i
			where i.id = incident_details.incident_id
				and app.incident_details_readable(i.zone_id, i.geom)
		)
	);

-- 2. The columns: not selectable by any caller role --------------------------------------------
-- Writes keep their privileges (a dispatcher records a reporter's name); reading back goes through
-- the functions below. Column privileges, revoked at table level first (Supabase grants every
-- new table to anon and authenticated by default).
revoke select on incident_details from public, anon, authenticated;
grant select (incident_id, zone_id, updated_at) on incident_details to authenticated;

revoke select on tips from public, anon, authenticated;
grant select (id, zone_id, category, description, occurred_at, geom, follow_up_hash, status,
	rejection_reason, duplicate_of, incident_id, created_at, updated_at, triaged_by, triaged_at)
	on tips to authenticated;

-- 3. Reading them, audited ---------------------------------------------------------------------
-- One incident's description and personal fields, when the caller may read them (no row
-- otherwise). Every call that returns a row writes one audit row: `read.personal` when a personal
-- field is filled, else `read.details` (the description alone).
create function app.read_incident_details(p_id bigint)
returns table (description text, reporter_name text, reporter_phone text, people jsonb)
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	d incident_details%rowtype;
	v_personal boolean;
begin
	select x.* into d
	from incident_details x join incidents i on i.id = x.incident_id
	where x.incident_id = p_id and app.incident_details_readable(i.zone_id, i.geom);
	if not found then
		return;
	end if;
	v_personal := d.reporter_name is not null or d.reporter_phone is not null
		or jsonb_array_length(d.people) > 0;
	perform app.write_audit(
		case when v_personal then 'read.personal' else 'read.details' end,
		'incidents', p_id::text, d.zone_id,
		jsonb_build_object('fields', case when v_personal
			then '["reporter_name", "reporter_phone", "people"]'::jsonb
			else '["description"]'::jsonb end)
	);
	return query select d.description, d.reporter_name, d.reporter_phone, d.people;
end
$$;

-- The contacts of those tips the caller may read (commanders, dispatchers, admins in their zones:
-- app.tip_access, as the tips_read policy), one row per readable tip, the contact null when the
-- tipster left none. One audit row per zone lists the tips whose contact was returned.
create function app.read_tip_contacts(p_ids bigint[])
returns table (id bigint, contact text)
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
declare
	z record;
begin
	for z in
		select t.zone_id, array_agg(t.id order by t.id) as ids
		from tips t
		where t.id = any (p_ids) and t.contact is not null
			and app.tip_access(t.zone_id) in ('read', 'triage')
		group by t.zone_id
	loop
		perform app.write_audit(
			'read.personal', 'tips',
			case when cardinality(z.ids) = 1 then z.ids[1]::text end,
			z.zone_id,
			jsonb_build_object('fields', '["contact"]'::jsonb, 'ids', to_jsonb(z.ids))
		);
	end loop;
	return query
		select t.id, t.contact from tips t
		where t.id = any (p_ids) and app.tip_access(t.zone_id) in ('read', 'triage');
end
$$;

revoke all on function app.read_incident_details(bigint) from public, anon, authenticated;
revoke all on function app.read_tip_contacts(bigint[]) from public, anon, authenticated;
grant execute on function app.read_incident_details(bigint) to authenticated;
grant execute on function app.read_tip_contacts(bigint[]) to authenticated;
