/**
 * The public tip line: anonymous submission and status look-up, the dispatchers' triage, and the
 * board's counts. Every function runs inside the caller's transaction (`asCaller`), so row-level
 * security decides what is visible and who may change it; a refusal thrown here (`refuse`)
 * rolls the transaction back and becomes a 4xx answer naming the field.
 */
import { apiText, type Lang } from '$lib/domain/api-text';
import {
	OPEN_TIP_STATUSES,
	type PublicTipStatus,
	type TipAction,
	type TipConvert,
	type TipStatus,
	type TipSubmit
} from '$lib/domain/tips';
import type { CategoryCode } from '$lib/domain/categories';
import type { TipItem } from '$lib/domain/contracts/tips';
import { isInFuture } from '$lib/domain/time';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/port';
import { refuse } from '../http';
import { resolveZone } from '../layers/zones.query';
import { followUpHash, newFollowUpCode } from './follow-up-code';
import { takeRateSlot, type RateBucket } from './rate-limit';

/** A tip as the triage screen shows it (commanders and dispatchers only, by policy). */
export type TipView = TipItem;

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;
/**
 * Everything the triage screen shows but the contact: no caller may select that column; it
 * comes from app.read_tip_contacts, which audits the read (withContacts).
 */
const TIP_COLUMNS = `t.id, t.zone_id, t.category, t.description, t.status,
	to_char(t.occurred_at at time zone 'UTC', ${ISO}) as occurred_at,
	to_char(t.created_at at time zone 'UTC', ${ISO}) as created_at,
	to_char(t.updated_at at time zone 'UTC', ${ISO}) as updated_at,
	st_x(t.geom) as lon, st_y(t.geom) as lat, t.rejection_reason, t.duplicate_of,
	t.incident_id, to_char(t.triaged_at at time zone 'UTC', ${ISO}) as triaged_at`;

interface TipRow {
	id: number | string;
	zone_id: string;
	category: CategoryCode | null;
	description: string;
	status: TipStatus;
	occurred_at: string | null;
	created_at: string;
	updated_at: string;
	lon: number | null;
	lat: number | null;
	rejection_reason: string | null;
	duplicate_of: number | string | null;
	incident_id: number | string | null;
	triaged_at: string | null;
	[k: string]: unknown;
}

const idOrNull = (v: number | string | null) => (v === null ? null : Number(v));

function viewOf(r: TipRow, contact: string | null): TipView {
	return {
		id: Number(r.id),
		category: r.category,
		description: r.description,
		status: r.status,
		occurredAt: r.occurred_at,
		createdAt: r.created_at,
		updatedAt: r.updated_at,
		location: r.lon === null || r.lat === null ? null : { lon: r.lon, lat: r.lat },
		contact,
		rejectionReason: r.rejection_reason,
		duplicateOf: idOrNull(r.duplicate_of),
		incidentId: idOrNull(r.incident_id),
		triagedAt: r.triaged_at
	};
}

async function rateSlotOr429(q: Queryable, lang: Lang, bucket: RateBucket, ip?: string) {
	const slot = await takeRateSlot(q, bucket, ip);
	if (!slot.allowed) {
		refuse(
			429,
			undefined,
			apiText(lang, 'tip.rateLimited', { minutes: Math.max(1, Math.ceil(slot.retryAfter / 60)) }),
			{ retryAfter: slot.retryAfter }
		);
	}
}

// The public side (runs as anon) -----------------------------------------------------------------

/**
 * Files a tip and returns its follow-up code. Checks run in the order that keeps refusals free
 * of side effects: input (already parsed), zone and place, then the rate limit, which records
 * the attempt. A filled honeypot goes through every check and answers the same; it stores nothing
 * the bot sent, only its code's hash as a decoy, so that the code then answers like a real one
 * (app.tip_public_status) and the bot cannot tell it was caught.
 */
export async function submitTip(
	q: Queryable,
	lang: Lang,
	input: TipSubmit,
	ip: string | undefined
): Promise<{ followUpCode: string }> {
	const loc = input.location ?? null;
	const [zone] = await q.query<{ zone_id: string; covers: boolean | null }>(
		'select zone_id, covers from app.public_zone_point($1, $2, $3)',
		[input.zone ?? null, loc?.lon ?? null, loc?.lat ?? null]
	);
	if (!zone) {
		if (input.zone) refuse(400, 'zone', apiText(lang, 'zoneNotFound', { zone: input.zone }));
		refuse(404, undefined, apiText(lang, 'tip.noZone'));
	}
	if (loc && !zone.covers) {
		refuse(400, 'location', apiText(lang, 'tip.outsideZone'));
	}
	await rateSlotOr429(q, lang, 'submit', ip);
	const followUpCode = newFollowUpCode();
	if (input.website) {
		await q.query('select app.submit_tip_decoy($1)', [followUpHash(followUpCode)]);
	} else {
		await q.query('select app.submit_tip($1, $2, $3, $4, $5, $6, $7, $8)', [
			zone.zone_id,
			input.category ?? null,
			input.description,
			input.occurredAt ?? null,
			loc?.lon ?? null,
			loc?.lat ?? null,
			input.contact ?? null,
			followUpHash(followUpCode)
		]);
	}
	return { followUpCode };
}

/**
 * The three-word status a follow-up code may learn, or null for an unknown code. Look-ups are
 * rate-limited like submissions; an unknown code is returned, not thrown, so that the attempt
 * it recorded is kept (a throw would roll it back and make guessing free).
 */
export async function publicTipStatus(
	q: Queryable,
	lang: Lang,
	code: string,
	ip: string | undefined
): Promise<PublicTipStatus | null> {
	await rateSlotOr429(q, lang, 'status', ip);
	const [row] = await q.query<{ status: PublicTipStatus | null }>(
		'select app.tip_public_status($1) as status',
		[followUpHash(code)]
	);
	return row?.status ?? null;
}

/** The zones' outlines and names for the public form's map, as GeoJSON text. */
export async function publicZones(q: Queryable): Promise<string> {
	const [row] = await q.query<{ fc: string }>('select app.public_zones() as fc');
	return row!.fc;
}

// Triage (signed in) ----------------------------------------------------------------------------

async function zoneFor(q: Queryable, lang: Lang, code?: string) {
	const zone = await resolveZone(q, code);
	if (!zone) {
		if (code) refuse(404, 'zone', apiText(lang, 'zoneNotFound', { zone: code }));
		refuse(404, undefined, apiText(lang, 'tip.noZone'));
	}
	return zone;
}

/** 403 for roles the tip policies leave out, instead of an empty list that looks like no tips. */
async function requireAccess(q: Queryable, lang: Lang, zoneId: string) {
	const [row] = await q.query<{ access: string }>('select app.tip_access($1) as access', [zoneId]);
	if (row?.access !== 'read' && row?.access !== 'triage') {
		refuse(403, undefined, apiText(lang, 'forbidden'));
	}
}

/**
 * The views of these rows with their contacts. A tipster's contact is personal data: the database
 * returns it only through app.read_tip_contacts, which writes the `read.personal` audit row for
 * the tips whose contact it returned, in this same transaction.
 */
async function withContacts<R extends TipRow>(q: Queryable, rows: R[]) {
	if (rows.length === 0) return [];
	const contacts = new Map(
		(
			await q.query<{ id: number | string; contact: string | null }>(
				'select id, contact from app.read_tip_contacts($1::bigint[])',
				[rows.map((r) => r.id)]
			)
		).map((c) => [Number(c.id), c.contact])
	);
	return rows.map((r) => ({ row: r, view: viewOf(r, contacts.get(Number(r.id)) ?? null) }));
}

async function viewsOf(q: Queryable, rows: TipRow[]): Promise<TipView[]> {
	return (await withContacts(q, rows)).map((v) => v.view);
}

/** The queue, newest first. */
export async function listTips(
	q: Queryable,
	lang: Lang,
	opts: { zone?: string; statuses: readonly TipStatus[]; limit: number }
): Promise<{ zone: string; tips: TipView[] }> {
	const zone = await zoneFor(q, lang, opts.zone);
	await requireAccess(q, lang, zone.id);
	const rows = await q.query<TipRow>(
		`select ${TIP_COLUMNS} from tips t
		where t.zone_id = $1 and t.status = any ($2::text[])
		order by t.created_at desc, t.id desc limit $3`,
		[zone.id, opts.statuses, opts.limit]
	);
	return { zone: zone.code, tips: await viewsOf(q, rows) };
}

async function tipRow(q: Queryable, lang: Lang, id: number): Promise<TipRow> {
	const [row] = await q.query<TipRow>(`select ${TIP_COLUMNS} from tips t where t.id = $1`, [id]);
	if (!row) refuse(404, undefined, apiText(lang, 'tip.notFound', { id }));
	return row;
}

export async function getTip(q: Queryable, lang: Lang, id: number): Promise<TipView> {
	return (await viewsOf(q, [await tipRow(q, lang, id)]))[0]!;
}

export const DUPLICATE_RADIUS_M = 200;
export const DUPLICATE_WINDOW_HOURS = 24;

/**
 * Possible duplicates: tips of the same category (both unknown counts as the same) within 200 m
 * (geodesic) and 24 h either side, by occurrence time or, where unknown, reception time.
 */
export async function duplicateCandidates(
	q: Queryable,
	lang: Lang,
	id: number
): Promise<Array<TipView & { distanceM: number; minutesApart: number }>> {
	await tipRow(q, lang, id);
	// The geometry bounding-box test lets the GiST index on tips.geom narrow the search before the
	// exact geodesic distance; 0.0025° of latitude is ≈ 280 m, widened by 1/cos(lat) for longitude.
	const rows = await q.query<TipRow & { distance_m: number; minutes_apart: number }>(
		`with me as (
			select id, zone_id, category, geom, coalesce(occurred_at, created_at) as at
			from tips where id = $1 and geom is not null
		)
		select ${TIP_COLUMNS},
			round(st_distance(t.geom::geography, me.geom::geography))::int as distance_m,
			round(extract(epoch from coalesce(t.occurred_at, t.created_at) - me.at) / 60)::int as minutes_apart
		from me join tips t on t.zone_id = me.zone_id and t.id <> me.id
		where t.category is not distinct from me.category
			and coalesce(t.occurred_at, t.created_at) between me.at - make_interval(hours => $3)
				and me.at + make_interval(hours => $3)
			and t.geom && st_expand(me.geom, 0.0025 / greatest(cos(radians(st_y(me.geom))), 0.01), 0.0025)
			and st_dwithin(t.geom::geography, me.geom::geography, $2)
		order by distance_m, abs(extract(epoch from coalesce(t.occurred_at, t.created_at) - me.at))
		limit 50`,
		[id, DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_HOURS]
	);
	return (await withContacts(q, rows)).map(({ row, view }) => ({
		...view,
		distanceM: Number(row.distance_m),
		minutesApart: Number(row.minutes_apart)
	}));
}

/** Statuses each action may start from; everything else is a 409. */
const FROM: Record<TipAction, readonly TipStatus[]> = {
	verify: ['received'],
	duplicate: OPEN_TIP_STATUSES,
	reject: OPEN_TIP_STATUSES,
	convert: OPEN_TIP_STATUSES
};

const actorId = (p: Principal | undefined) => (p?.kind === 'user' ? p.id : null);

/**
 * Why an update touched no row: the tip is not visible (404), its status does not allow the
 * action (409), or row-level security let the caller read but not change it (403).
 */
async function refuseTransition(
	q: Queryable,
	lang: Lang,
	id: number,
	action: TipAction
): Promise<never> {
	const [cur] = await q.query<{ status: TipStatus }>('select status from tips where id = $1', [id]);
	if (!cur) refuse(404, undefined, apiText(lang, 'tip.notFound', { id }));
	if (!FROM[action].includes(cur.status)) {
		refuse(
			409,
			'status',
			apiText(lang, 'tip.final', {
				status: cur.status,
				action: apiText(lang, `tip.action.${action}`)
			})
		);
	}
	refuse(403, undefined, apiText(lang, 'forbidden'));
}

/**
 * Moves a tip on, only from the statuses the action allows (checked in the same statement, so two
 * dispatchers cannot both act on one tip). `set` is a constant SQL fragment; values go in $3…
 */
async function transition(
	q: Queryable,
	lang: Lang,
	id: number,
	action: TipAction,
	actor: Principal | undefined,
	set: string,
	params: unknown[] = []
): Promise<TipView> {
	const [row] = await q.query<TipRow>(
		`update tips t set ${set}, triaged_by = $2, triaged_at = now()
		where t.id = $1 and t.status = any ($${params.length + 3}::text[])
		returning ${TIP_COLUMNS}`,
		[id, actorId(actor), ...params, FROM[action]]
	);
	if (!row) return refuseTransition(q, lang, id, action);
	return (await viewsOf(q, [row]))[0]!;
}

export function verifyTip(q: Queryable, lang: Lang, id: number, actor?: Principal) {
	return transition(q, lang, id, 'verify', actor, `status = 'verifying'`);
}

export function rejectTip(q: Queryable, lang: Lang, id: number, reason: string, actor?: Principal) {
	return transition(q, lang, id, 'reject', actor, `status = 'rejected', rejection_reason = $3`, [
		reason
	]);
}

/** Marks a tip as a duplicate of another in its zone; a duplicate of a duplicate points at the original. */
export async function markDuplicate(
	q: Queryable,
	lang: Lang,
	id: number,
	of: number,
	actor?: Principal
): Promise<TipView> {
	if (of === id) refuse(400, 'of', apiText(lang, 'tip.ofSelf'));
	const [target] = await q.query<{ original: number | string }>(
		`select coalesce(o.duplicate_of, o.id) as original
		from tips o join tips t on t.id = $1 and t.zone_id = o.zone_id
		where o.id = $2`,
		[id, of]
	);
	if (!target) {
		await tipRow(q, lang, id);
		refuse(400, 'of', apiText(lang, 'tip.ofNotFound', { id: of }));
	}
	const original = Number(target.original);
	if (original === id) refuse(400, 'of', apiText(lang, 'tip.ofSelf'));
	return transition(q, lang, id, 'duplicate', actor, `status = 'duplicate', duplicate_of = $3`, [
		original
	]);
}

/**
 * Turns a tip into an incident, in the caller's one transaction: the incident (source: mailbox,
 * reported when the tip arrived, linked to the tip), its details with the tip's description, and
 * the tip marked converted and linked back. Any refusal rolls all of it back.
 */
export async function convertTip(
	q: Queryable,
	lang: Lang,
	id: number,
	input: TipConvert,
	actor?: Principal
): Promise<{ tip: TipView; incident: { id: number } }> {
	const tip = await tipRow(q, lang, id);
	if (!FROM.convert.includes(tip.status)) return refuseTransition(q, lang, id, 'convert');

	const category = input.category ?? tip.category;
	if (!category) refuse(400, 'category', apiText(lang, 'tip.needCategory'));

	let lon = tip.lon;
	let lat = tip.lat;
	if (input.lon !== undefined && input.lat !== undefined) {
		const [inside] = await q.query<{ ok: boolean }>(
			`select st_covers(boundary, st_setsrid(st_makepoint($2, $3), 4326)) as ok from zones where id = $1`,
			[tip.zone_id, input.lon, input.lat]
		);
		if (!inside?.ok) refuse(400, 'lon', apiText(lang, 'tip.lonOutside'));
		({ lon, lat } = input);
	}
	if (lon === null || lat === null) {
		refuse(400, 'lon', apiText(lang, 'tip.needLocation'));
	}

	const receivedAt = new Date(tip.created_at);
	const occurredAt = input.occurredAt ?? (tip.occurred_at ? new Date(tip.occurred_at) : receivedAt);
	if (isInFuture(occurredAt, receivedAt.getTime())) {
		refuse(400, 'occurredAt', apiText(lang, 'tip.afterTip'));
	}

	const [incident] = await q.query<{ id: number | string }>(
		`insert into incidents (zone_id, category, occurred_at, reported_at, geom, severity, source, created_by, tip_id)
		values ($1, $2, $3, greatest($4::timestamptz, $3::timestamptz), st_setsrid(st_makepoint($5, $6), 4326),
			$7, 'mailbox', $8, $9)
		returning id`,
		[
			tip.zone_id,
			category,
			occurredAt,
			receivedAt,
			lon,
			lat,
			input.severity ?? 1,
			actorId(actor),
			id
		]
	);
	const incidentId = Number(incident!.id);
	await q.query(
		`insert into incident_details (incident_id, zone_id, description) values ($1, $2, $3)`,
		[incidentId, tip.zone_id, tip.description]
	);
	const converted = await transition(
		q,
		lang,
		id,
		'convert',
		actor,
		`status = 'converted', incident_id = $3`,
		[incidentId]
	);
	return { tip: converted, incident: { id: incidentId } };
}

/**
 * Tip counts by status, for every role that receives aggregates (app.tip_counts checks role and
 * zone with app.require_zone): the board's only view of tips; the planner's too.
 */
export async function tipCounts(
	q: Queryable,
	lang: Lang,
	opts: { zone?: string; from: Date; to: Date }
): Promise<{
	zone: string;
	from: string;
	to: string;
	total: number;
	byStatus: Record<TipStatus, number>;
}> {
	const zone = await zoneFor(q, lang, opts.zone);
	const rows = await q.query<{ status: TipStatus; n: number }>(
		'select status, n from app.tip_counts($1, $2, $3)',
		[zone.id, opts.from, opts.to]
	);
	const byStatus: Record<TipStatus, number> = {
		received: 0,
		verifying: 0,
		duplicate: 0,
		rejected: 0,
		converted: 0,
		handled: 0
	};
	for (const r of rows) byStatus[r.status] = Number(r.n);
	return {
		zone: zone.code,
		from: opts.from.toISOString(),
		to: opts.to.toISOString(),
		total: rows.reduce((s, r) => s + Number(r.n), 0),
		byStatus
	};
}
