import { randomUUID } from 'node:crypto';
import { msg } from '$lib/domain/api-text';
import type {
	PatrolItemInput,
	PatrolPlan,
	PatrolPlanCreate,
	PatrolPlanUpdate
} from '$lib/domain/patrol-plans';
import { refuse } from '../http';
import type { Queryable } from '../db/port';

/**
 * Patrol plans over the database's functions (supabase/migrations/20261130000500_patrol_plans.sql):
 * every write is one call of app.save_patrol_plan / restore / delete, which checks the caller's
 * permission (app.can_manage_patrols), validates each item naming it, refuses a stale version and
 * keeps the new version. Reads run as the caller under row-level security.
 */

/** SQLSTATE of a save made from a stale version (raised by app.patrol_lock_for_change). */
export const STALE_PLAN_VERSION = 'PT409';

interface PgErrorLike {
	code?: string;
	detail?: string;
	message?: string;
}

/** The 409 answer to a stale save: which version the plan is at now, and the caller's. */
function staleRefusal(err: PgErrorLike, yours: number): never {
	let current: unknown;
	try {
		current = (JSON.parse(err.detail ?? '{}') as { current?: unknown }).current;
	} catch {
		current = undefined;
	}
	refuse(
		409,
		'version',
		msg('planStale', { current: String(current ?? '?'), yours: String(yours) }),
		{
			code: 'plan_stale'
		}
	);
}

/** Runs a write; a stale version becomes the 409 refusal, anything else is rethrown. */
async function writing<T>(yours: number | undefined, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		if ((err as PgErrorLike)?.code === STALE_PLAN_VERSION)
			staleRefusal(err as PgErrorLike, yours ?? 0);
		throw err;
	}
}

export interface SavedPlan {
	id: string;
	version: number;
}

/** Creates a plan in `zoneId`. */
export async function createPlan(
	q: Queryable,
	zoneId: string,
	input: PatrolPlanCreate
): Promise<SavedPlan> {
	const [row] = await q.query<{ r: SavedPlan }>(`select app.save_patrol_plan($1::jsonb) as r`, [
		JSON.stringify({ ...input, zoneId })
	]);
	return row!.r;
}

/** Replaces a plan as a new version; 409 when `input.version` is not the current one. */
export function updatePlan(q: Queryable, id: string, input: PatrolPlanUpdate): Promise<SavedPlan> {
	return writing(input.version, async () => {
		const [row] = await q.query<{ r: SavedPlan }>(`select app.save_patrol_plan($1::jsonb) as r`, [
			JSON.stringify({ ...input, id })
		]);
		return row!.r;
	});
}

/** Makes an earlier version current again, as a new version. */
export function restorePlan(
	q: Queryable,
	id: string,
	restore: number,
	yours: number
): Promise<SavedPlan & { restoredFrom: number }> {
	return writing(yours, async () => {
		const [row] = await q.query<{ r: SavedPlan & { restoredFrom: number } }>(
			`select app.restore_patrol_plan($1, $2, $3) as r`,
			[id, restore, yours]
		);
		return row!.r;
	});
}

/** Deletes a plan (made from `yours`, as a save). */
export function deletePlan(q: Queryable, id: string, yours: number): Promise<void> {
	return writing(yours, async () => {
		await q.query(`select app.delete_patrol_plan($1, $2)`, [id, yours]);
	});
}

/** One plan as the caller may read it, or undefined. */
export async function getPlan(q: Queryable, id: string): Promise<PatrolPlan | undefined> {
	const [row] = await q.query<{ p: PatrolPlan | null }>(`select app.patrol_plan_json($1) as p`, [
		id
	]);
	return row?.p ?? undefined;
}

export interface PlanSummary {
	id: string;
	name: string;
	version: number;
	validFrom: string;
	validTo: string | null;
	active: boolean;
	unitId: string | null;
	teamId: string | null;
	routes: number;
	areas: number;
	stops: number;
	shifts: number;
	updatedAt: string;
}

/** The plans of a zone the caller may read, newest change first. */
export function listPlans(q: Queryable, zoneId: string): Promise<PlanSummary[]> {
	return q.query<PlanSummary & Record<string, unknown>>(
		`select p.id, p.name, p.version, p.valid_from::text as "validFrom", p.valid_to::text as "validTo",
			p.active, p.unit_id as "unitId", p.team_id as "teamId",
			(select count(*)::int from patrol_items i where i.plan_id = p.id and i.kind = 'route') as routes,
			(select count(*)::int from patrol_items i where i.plan_id = p.id and i.kind = 'area') as areas,
			(select count(*)::int from patrol_items i where i.plan_id = p.id and i.kind = 'stop') as stops,
			(select count(*)::int from patrol_shifts s where s.plan_id = p.id) as shifts,
			app.iso_instant(p.updated_at) as "updatedAt"
		from patrol_plans p where p.zone_id = $1
		order by p.updated_at desc, p.id`,
		[zoneId]
	);
}

export interface PlanVersionEntry {
	version: number;
	savedAt: string;
	savedBy: string | null;
	savedByName: string | null;
	restoredFrom: number | null;
}

/** Who saved each version and when, newest first. */
export function planHistory(q: Queryable, id: string): Promise<PlanVersionEntry[]> {
	return q.query<PlanVersionEntry & Record<string, unknown>>(
		`select h.version, app.iso_instant(h.saved_at) as "savedAt", h.saved_by as "savedBy",
			h.saved_by_name as "savedByName", h.restored_from as "restoredFrom"
		from app.patrol_plan_history($1) h`,
		[id]
	);
}

/** A version's snapshot (the plan as it was saved then), or undefined. */
export async function planVersion(
	q: Queryable,
	id: string,
	version: number
): Promise<Omit<PatrolPlan, 'version' | 'updatedAt' | 'updatedBy'> | undefined> {
	const [row] = await q.query<{ s: Omit<PatrolPlan, 'version' | 'updatedAt' | 'updatedBy'> }>(
		`select snapshot as s from patrol_plan_versions where plan_id = $1 and version = $2`,
		[id, version]
	);
	return row?.s;
}

/** A new item id, for items the caller creates and wants to refer to (a stop's route). */
export function newItemId(): string {
	return randomUUID();
}

/** The body a plan's JSON gives back to app.save_patrol_plan (ids kept). */
export function planBody(p: PatrolPlan): PatrolPlanUpdate {
	return {
		version: p.version,
		name: p.name,
		unitId: p.unitId,
		teamId: p.teamId,
		validFrom: p.validFrom,
		validTo: p.validTo,
		notes: p.notes,
		active: p.active,
		items: p.items.map(
			(it) =>
				({
					id: it.id,
					kind: it.kind,
					...(it.name === null ? {} : { name: it.name }),
					geometry: it.geometry,
					bufferM: it.bufferM,
					...(it.kind === 'stop'
						? {
								dwellMin: it.dwellMin ?? undefined,
								visits: it.visits ?? undefined,
								routeId: it.routeId
							}
						: {})
				}) as PatrolItemInput
		),
		shifts: p.shifts
	};
}
