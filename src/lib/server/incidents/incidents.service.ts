import { msg } from '$lib/domain/api-text';
import { refuse, Refusal } from '../http';
import { NEXT_STATUS, type IncidentCreate, type IncidentPatch } from '$lib/domain/incident-input';
import { isInFuture } from '$lib/domain/time';
import type { Queryable } from '../db/port';

/** The `code` of the answer to a point outside the zone sent without `confirmOutsideZone`. */
export const OUTSIDE_ZONE = 'outside_zone';

export interface IncidentDetails {
	description: string | null;
	reporterName: string | null;
	reporterPhone: string | null;
	people: unknown[];
}

const FEATURE_SQL = `
	select json_build_object(
		'type', 'Feature',
		'id', i.id,
		'geometry', st_asgeojson(i.geom, 6)::json,
		'properties', json_build_object(
			'id', i.id, 'category', i.category, 'categoryGroup', c.category_group,
			'occurredAt', to_char(i.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
			'reportedAt', to_char(i.reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
			'severity', i.severity, 'status', i.status, 'source', i.source,
			'adminUnitCode', i.admin_unit_code, 'tipId', i.tip_id,
			'updatedAt', to_char(i.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
	) as feature, i.zone_id
	from incidents i join incident_categories c on c.code = i.category
	where i.id = $1`;

type Feature = {
	type: 'Feature';
	id: number;
	geometry: unknown;
	properties: Record<string, unknown>;
};

async function featureOf(
	q: Queryable,
	id: number
): Promise<{ feature: Feature; zoneId: string } | undefined> {
	const [row] = await q.query<{ feature: Feature; zone_id: string }>(FEATURE_SQL, [id]);
	return row ? { feature: row.feature, zoneId: row.zone_id } : undefined;
}

async function writeDetails(
	q: Queryable,
	id: number,
	zoneId: string,
	d: Pick<IncidentCreate, 'description' | 'reporterName' | 'reporterPhone' | 'people'>
) {
	if (
		d.description === undefined &&
		d.reporterName === undefined &&
		d.reporterPhone === undefined &&
		d.people === undefined
	) {
		return;
	}
	await q.query(
		`insert into incident_details (incident_id, zone_id, description, reporter_name, reporter_phone, people)
		values ($1, $2, $3, $4, $5, coalesce($6::jsonb, '[]'::jsonb))
		on conflict (incident_id) do update set
			description = case when $7 then excluded.description else incident_details.description end,
			reporter_name = case when $8 then excluded.reporter_name else incident_details.reporter_name end,
			reporter_phone = case when $9 then excluded.reporter_phone else incident_details.reporter_phone end,
			people = case when $10 then excluded.people else incident_details.people end`,
		[
			id,
			zoneId,
			d.description ?? null,
			d.reporterName ?? null,
			d.reporterPhone ?? null,
			d.people ? JSON.stringify(d.people) : null,
			d.description !== undefined,
			d.reporterName !== undefined,
			d.reporterPhone !== undefined,
			d.people !== undefined
		]
	);
}

/** Creates an incident as the caller (RLS decides whether they may, and where). */
export async function createIncident(
	q: Queryable,
	zone: { id: string },
	createdBy: string | null,
	input: IncidentCreate,
	now = new Date()
): Promise<Feature> {
	if (isInFuture(input.occurredAt, now.getTime())) {
		refuse(400, 'occurredAt', msg('future'));
	}
	if (!input.confirmOutsideZone) {
		const [inside] = await q.query<{ ok: boolean }>(
			`select st_covers(boundary, st_setsrid(st_makepoint($2, $3), 4326)) as ok from zones where id = $1`,
			[zone.id, input.lon, input.lat]
		);
		if (!inside?.ok) {
			throw new Refusal(400, 'lon', msg('outsideZone'), {}, OUTSIDE_ZONE);
		}
	}
	const [row] = await q.query<{ id: number }>(
		`insert into incidents (zone_id, category, occurred_at, reported_at, geom, severity, source, created_by)
		values ($1, $2, $3, greatest($3::timestamptz, now()), st_setsrid(st_makepoint($4, $5), 4326), $6, $7, $8)
		returning id`,
		[
			zone.id,
			input.category,
			input.occurredAt,
			input.lon,
			input.lat,
			input.severity ?? 1,
			input.source ?? 'walk_in',
			createdBy
		]
	);
	await writeDetails(q, row!.id, zone.id, input);
	return (await featureOf(q, row!.id))!.feature;
}

/** Changes an incident; the status may only move forward along its workflow. */
export async function patchIncident(
	q: Queryable,
	id: number,
	patch: IncidentPatch,
	now = new Date()
): Promise<Feature | undefined> {
	const [cur] = await q.query<{ status: string; zone_id: string }>(
		`select status, zone_id from incidents where id = $1`,
		[id]
	);
	if (!cur) return undefined;
	if (
		patch.status &&
		patch.status !== cur.status &&
		!NEXT_STATUS[cur.status]!.includes(patch.status)
	) {
		refuse(409, 'status', msg('statusMove', { from: cur.status, to: patch.status }));
	}
	if (patch.occurredAt && isInFuture(patch.occurredAt, now.getTime())) {
		refuse(400, 'occurredAt', msg('future'));
	}
	const updated = await q.query(
		`update incidents set
			status = coalesce($2, status),
			category = coalesce($3, category),
			severity = coalesce($4, severity),
			occurred_at = coalesce($5, occurred_at),
			reported_at = greatest(reported_at, coalesce($5, occurred_at)),
			geom = case when $6::float8 is null then geom else st_setsrid(st_makepoint($6, $7), 4326) end
		where id = $1 and status = $8
		returning id`,
		[
			id,
			patch.status ?? null,
			patch.category ?? null,
			patch.severity ?? null,
			patch.occurredAt ?? null,
			patch.lon ?? null,
			patch.lat ?? null,
			cur.status
		]
	);
	// Visible but not updated: either row-level security refused the write or the status moved.
	if (updated.length === 0) {
		const [again] = await q.query<{ status: string }>(
			`select status from incidents where id = $1`,
			[id]
		);
		if (again && again.status !== cur.status) refuse(409, 'status', msg('changedMeanwhile'));
		throw Object.assign(new Error('not allowed to edit this incident'), { code: '42501' });
	}
	await writeDetails(q, id, cur.zone_id, patch);
	return (await featureOf(q, id))!.feature;
}

/**
 * One incident with, where the caller may see them, its description and personal fields. Every
 * read that returns personal fields is written to the audit trail in the same transaction.
 */
export async function getIncident(
	q: Queryable,
	id: number
): Promise<(Feature & { details?: IncidentDetails }) | undefined> {
	const found = await featureOf(q, id);
	if (!found) return undefined;
	const [d] = await q.query<{
		description: string | null;
		reporter_name: string | null;
		reporter_phone: string | null;
		people: unknown[];
	}>(
		`select description, reporter_name, reporter_phone, people from incident_details where incident_id = $1`,
		[id]
	);
	if (!d) return found.feature;
	const personal = d.reporter_name !== null || d.reporter_phone !== null || d.people.length > 0;
	await q.query(`select app.write_audit($1, 'incidents', $2, $3, $4::jsonb)`, [
		personal ? 'read.personal' : 'read.details',
		String(id),
		found.zoneId,
		JSON.stringify({
			fields: personal ? ['reporter_name', 'reporter_phone', 'people'] : ['description']
		})
	]);
	return {
		...found.feature,
		details: {
			description: d.description,
			reporterName: d.reporter_name,
			reporterPhone: d.reporter_phone,
			people: d.people
		}
	};
}
