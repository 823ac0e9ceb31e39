import { msg } from '$lib/domain/api-text';
import { refuse } from '../http';
import { NEXT_STATUS, type IncidentCreate, type IncidentPatch } from '$lib/domain/incident-input';
import type { Incident } from '$lib/domain/contracts/incidents';
import { isInFuture } from '$lib/domain/time';
import type { Queryable } from '../db/port';

/** The `code` of the answer to a point outside the zone sent without `confirmOutsideZone`. */
export const OUTSIDE_ZONE = 'outside_zone';

export type IncidentDetails = NonNullable<Incident['details']>;

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
	) as feature
	from incidents i join incident_categories c on c.code = i.category
	where i.id = $1`;

/** One incident as the API answers it (its contract's schema), without `details`. */
type Feature = Omit<Incident, 'details'>;

async function featureOf(q: Queryable, id: number): Promise<Feature | undefined> {
	const [row] = await q.query<{ feature: Feature }>(FEATURE_SQL, [id]);
	return row?.feature;
}

/** The detail columns a create or patch may set, by input field. */
const DETAIL_COLUMNS = {
	description: 'description',
	reporterName: 'reporter_name',
	reporterPhone: 'reporter_phone',
	people: 'people'
} as const;

/**
 * Writes the detail fields the input carries, leaving the others as they are. Callers may write
 * these columns but not select them (reading goes through app.read_incident_details, which
 * audits), so no statement here reads a stored detail: an upsert's DO UPDATE would, hence a
 * DO NOTHING insert and then an update of the given columns only.
 */
async function writeDetails(
	q: Queryable,
	id: number,
	zoneId: string,
	d: Pick<IncidentCreate, 'description' | 'reporterName' | 'reporterPhone' | 'people'>
) {
	const given = (Object.keys(DETAIL_COLUMNS) as (keyof typeof DETAIL_COLUMNS)[]).filter(
		(k) => d[k] !== undefined
	);
	if (given.length === 0) return;
	const columns = given.map((k) => DETAIL_COLUMNS[k]);
	const values = given.map((k) => (k === 'people' ? JSON.stringify(d.people) : d[k]));
	const param = (c: string, n: number) => (c === 'people' ? `$${n}::jsonb` : `$${n}`);
	const inserted = await q.query(
		`insert into incident_details (incident_id, zone_id, ${columns.join(', ')})
		values ($1, $2, ${columns.map((c, i) => param(c, i + 3)).join(', ')})
		on conflict (incident_id) do nothing
		returning incident_id`,
		[id, zoneId, ...values]
	);
	if (inserted.length > 0) return;
	await q.query(
		`update incident_details set ${columns.map((c, i) => `${c} = ${param(c, i + 2)}`).join(', ')}
		where incident_id = $1`,
		[id, ...values]
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
			refuse(400, 'lon', msg('outsideZone'), { code: OUTSIDE_ZONE });
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
	return (await featureOf(q, row!.id))!;
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
		refuse(403, undefined, msg('forbidden'));
	}
	await writeDetails(q, id, cur.zone_id, patch);
	return (await featureOf(q, id))!;
}

/**
 * One incident with, where the caller may see them, its description and personal fields. They
 * come from app.read_incident_details, which decides whether the caller may read them and writes
 * the audit row (`read.personal`, or `read.details` for a description alone) in the same step.
 */
export async function getIncident(
	q: Queryable,
	id: number
): Promise<(Feature & { details?: IncidentDetails }) | undefined> {
	const feature = await featureOf(q, id);
	if (!feature) return undefined;
	const [d] = await q.query<{
		description: string | null;
		reporter_name: string | null;
		reporter_phone: string | null;
		people: IncidentDetails['people'];
	}>(
		`select description, reporter_name, reporter_phone, people from app.read_incident_details($1)`,
		[id]
	);
	if (!d) return feature;
	return {
		...feature,
		details: {
			description: d.description,
			reporterName: d.reporter_name,
			reporterPhone: d.reporter_phone,
			people: d.people
		}
	};
}
