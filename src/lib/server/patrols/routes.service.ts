import type {
	PatrolCoverage,
	PatrolItemInput,
	PatrolRouteCreate,
	PatrolRoutePatch
} from '$lib/domain/patrol-plans';
import { todayInVietnam } from '$lib/domain/time';
import type { Queryable } from '../db/port';
import { createPlan, deletePlan, getPlan, newItemId, planBody, updatePlan } from './plans.service';

/**
 * The old contract, held stable (issue 11): a patrol route is a route or area item of a plan.
 * `POST /api/patrol-routes` makes a plan of its own for it (named as the route, valid from
 * today, the one shift given), its stops belonging to it; the route's id is the item's id.
 * PATCH changes the route (a new `shift` replaces the plan's shifts, `stops` the route's stops)
 * and DELETE removes it with its stops, the plan too when nothing is left: each a new version of
 * the plan, made from the version read in the same transaction (a concurrent save in between is
 * refused with 409 rather than overwritten).
 */

type RouteStop = NonNullable<PatrolRouteCreate['stops']>[number];

function routeKind(g: PatrolRouteCreate['geometry']): 'route' | 'area' {
	return g.type === 'Polygon' || g.type === 'MultiPolygon' ? 'area' : 'route';
}

function stopItems(routeId: string, stops: RouteStop[], bufferM: number): PatrolItemInput[] {
	return stops.map((s) => ({
		kind: 'stop',
		...(s.name ? { name: s.name } : {}),
		geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
		bufferM,
		dwellMin: s.dwellMin,
		visits: s.visits,
		routeId
	}));
}

/** Creates the route (a plan of its own) in `zoneId`; returns the route's id. */
export async function createRoute(
	q: Queryable,
	zoneId: string,
	input: PatrolRouteCreate
): Promise<string> {
	const id = newItemId();
	await createPlan(q, zoneId, {
		name: input.name,
		validFrom: todayInVietnam(),
		items: [
			{
				id,
				kind: routeKind(input.geometry),
				name: input.name,
				geometry: input.geometry,
				bufferM: input.bufferM
			} as PatrolItemInput,
			...stopItems(id, input.stops ?? [], input.bufferM)
		],
		shifts: [input.shift]
	});
	return id;
}

/** The plan a route belongs to, or undefined when the caller cannot see such a route. */
async function planOfRoute(q: Queryable, id: string): Promise<string | undefined> {
	const [row] = await q.query<{ plan_id: string }>(
		`select plan_id from patrol_items where id = $1 and kind in ('route', 'area')`,
		[id]
	);
	return row?.plan_id;
}

/** Changes a route; false when there is no such route for the caller. */
export async function patchRoute(
	q: Queryable,
	id: string,
	patch: PatrolRoutePatch
): Promise<boolean> {
	const planId = await planOfRoute(q, id);
	const plan = planId ? await getPlan(q, planId) : undefined;
	if (!plan) return false;
	const body = planBody(plan);
	const route = body.items.find((it) => it.id === id)!;
	const bufferM = patch.bufferM ?? route.bufferM;
	const changed = {
		...route,
		...(patch.name !== undefined ? { name: patch.name } : {}),
		...(patch.geometry !== undefined
			? { kind: routeKind(patch.geometry), geometry: patch.geometry }
			: {}),
		...(bufferM !== undefined ? { bufferM } : {})
	} as PatrolItemInput;
	let items = body.items.map((it) => (it.id === id ? changed : it));
	if (patch.stops !== undefined) {
		items = [
			...items.filter((it) => !(it.kind === 'stop' && it.routeId === id)),
			...stopItems(id, patch.stops, bufferM ?? 150)
		];
	}
	// A route made through this contract is its plan: its name is the plan's.
	const onlyRoute = body.items.filter((it) => it.kind !== 'stop').length === 1;
	await updatePlan(q, plan.id, {
		...body,
		...(patch.name !== undefined && onlyRoute ? { name: patch.name } : {}),
		items,
		shifts: patch.shift ? [patch.shift] : body.shifts
	});
	return true;
}

/** Removes a route and its stops (the plan too when nothing is left); false when not found. */
export async function deleteRoute(q: Queryable, id: string): Promise<boolean> {
	const planId = await planOfRoute(q, id);
	const plan = planId ? await getPlan(q, planId) : undefined;
	if (!plan) return false;
	const items = plan.items.filter((it) => it.id !== id && it.routeId !== id);
	if (items.length === 0) {
		await deletePlan(q, plan.id, plan.version);
	} else {
		const body = planBody(plan);
		await updatePlan(q, plan.id, {
			...body,
			items: body.items.filter((it) => it.id !== id && !(it.kind === 'stop' && it.routeId === id))
		});
	}
	return true;
}

/**
 * A route's coverage for a period: its buffer and its stops', clipped to the zone, and the
 * incidents inside, also during its plan's shifts (app.patrol_coverage). Undefined when the
 * caller cannot see such a route.
 */
export async function routeCoverage(
	q: Queryable,
	id: string,
	from: Date,
	to: Date
): Promise<PatrolCoverage | undefined> {
	const planId = await planOfRoute(q, id);
	if (!planId) return undefined;
	const [row] = await q.query<{ c: PatrolCoverage }>(
		`select app.patrol_coverage($1, $2, $3, $4) as c`,
		[planId, from, to, id]
	);
	return row!.c;
}
