import { msg } from '$lib/domain/api-text';
import type { Queryable } from '../db/port';
import { refuse } from '../http';

export interface ScopeZone {
	id: string;
	code: string;
	name: string;
	/** Administrative units in force today (Vietnam time). */
	units: { code: string; name: string }[];
	teams: { id: string; name: string; kind: string }[];
}

const TODAY_VN = `(now() at time zone 'Asia/Ho_Chi_Minh')::date`;

/** The zones the caller may see, each with its current units and its teams (for the forms). */
export function scopeCatalogue(q: Queryable): Promise<ScopeZone[]> {
	return q.query<ScopeZone & Record<string, unknown>>(
		`select z.id, z.code, z.name,
			coalesce((select json_agg(json_build_object('code', a.code, 'name', a.name) order by a.name)
				from admin_units a
				where a.zone_id = z.id and a.valid_from <= ${TODAY_VN}
					and (a.valid_to is null or a.valid_to >= ${TODAY_VN})), '[]'::json) as units,
			coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'kind', t.kind) order by t.name)
				from security_teams t where t.zone_id = z.id), '[]'::json) as teams
		from zones z order by z.code`
	);
}

/** Zones named in a request must be among the caller's own. */
export function requireMyZones(
	callerZones: readonly string[],
	zones: readonly string[],
	field: string
): void {
	const bad = zones.find((z) => !callerZones.includes(z));
	if (bad) refuse(403, field, msg('zoneOutOfScope', { zone: bad }));
}

/**
 * Unit codes → (zone, code) pairs among the given zones, units in force today only. A code
 * found in no zone is refused naming `field`.
 */
export async function resolveUnits(
	q: Queryable,
	zones: readonly string[],
	codes: readonly string[],
	field = 'units'
): Promise<{ zoneId: string; code: string }[]> {
	if (codes.length === 0) return [];
	const rows = await q.query<{ zone_id: string; code: string }>(
		`select distinct a.zone_id::text as zone_id, a.code
		from admin_units a
		where a.zone_id = any ($1::uuid[]) and a.code = any ($2::text[])
			and a.valid_from <= ${TODAY_VN} and (a.valid_to is null or a.valid_to >= ${TODAY_VN})
		order by 1, 2`,
		[zones, codes]
	);
	const missing = codes.find((c) => !rows.some((r) => r.code === c));
	if (missing) refuse(400, field, msg('unitNotCurrent', { unit: missing }));
	return rows.map((r) => ({ zoneId: r.zone_id, code: r.code }));
}

/** A team must belong to one of the given zones (and be visible to the caller). */
export async function requireTeamIn(
	q: Queryable,
	teamId: string,
	zones: readonly string[],
	field = 'teamId'
): Promise<void> {
	const [row] = await q.query<{ ok: boolean }>(
		`select true as ok from security_teams where id = $1 and zone_id = any ($2::uuid[])`,
		[teamId, zones]
	);
	if (!row) refuse(400, field, msg('teamNotInZones'));
}
