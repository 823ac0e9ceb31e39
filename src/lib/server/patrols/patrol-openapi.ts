import { z } from 'zod';
import * as A from '$lib/domain/patrol-answers';
import { PATROL_ENDPOINTS } from '$lib/domain/patrol-plans';

/**
 * The patrol endpoints as the OpenAPI document describes them, from PATROL_ENDPOINTS: the same
 * schemas the handlers parse with, and the answers the browser decodes.
 */

type JsonSchema = Record<string, unknown>;
type Key = keyof typeof PATROL_ENDPOINTS;

const SUMMARIES: Record<Key, [operationId: string, summary: string, status: number]> = {
	'POST /api/patrol-routes': [
		'createPatrolRoute',
		'Creates a patrol route (or area) with one weekly shift and its stops: a plan of its own (planners, commanders, administrators). Held stable.',
		201
	],
	'PATCH /api/patrol-routes/{id}': [
		'patchPatrolRoute',
		'Changes a route: name, geometry, buffer, shift (replaces the plan’s shifts), stops (replace the route’s).',
		204
	],
	'DELETE /api/patrol-routes/{id}': [
		'deletePatrolRoute',
		'Removes a route and its stops (its plan too when nothing is left).',
		204
	],
	'GET /api/patrol-routes/{id}/coverage': [
		'patrolRouteCoverage',
		'A route’s coverage for a period: area (m², % of the zone) and incidents inside, also during its shifts. Held stable.',
		200
	],
	'GET /api/patrol-plans': ['listPatrolPlans', 'The plans of a zone, newest change first.', 200],
	'POST /api/patrol-plans': ['createPatrolPlan', 'A new plan (version 1).', 201],
	'GET /api/patrol-plans/{id}': ['getPatrolPlan', 'One plan with its items and shifts.', 200],
	'PUT /api/patrol-plans/{id}': [
		'savePatrolPlan',
		'Saves the whole plan as a new version, made from `version`: 409 (`code` `plan_stale`) when another save came first.',
		200
	],
	'DELETE /api/patrol-plans/{id}': [
		'deletePatrolPlan',
		'Deletes a plan, made from `version`.',
		204
	],
	'GET /api/patrol-plans/{id}/versions': [
		'patrolPlanVersions',
		'Who saved each version and when, newest first.',
		200
	],
	'GET /api/patrol-plans/{id}/versions/{version}': [
		'patrolPlanVersion',
		'The plan as that version saved it.',
		200
	],
	'POST /api/patrol-plans/{id}/restore': [
		'restorePatrolPlan',
		'Makes an earlier version current again, as a new version.',
		200
	],
	'GET /api/patrol-plans/{id}/coverage': [
		'patrolPlanCoverage',
		'The plan’s coverage (or one item’s) and incidents inside it, also during its shifts.',
		200
	],
	'GET /api/patrol-plans/{id}/hour-of-week': [
		'patrolHourOfWeek',
		'7 × 24 cells (Vietnam time, Monday 00:00 first): incidents, those inside, planned minutes.',
		200
	],
	'GET /api/patrol-plans/{id}/hotspots': [
		'patrolUncoveredHotspots',
		'Hexagons ranked by incidents outside the coverage (`place`) or outside it at their hour (`time`), each with a stop to add.',
		200
	],
	'GET /api/patrol-plans/{id}/dosage': [
		'patrolDosage',
		'Planned minutes at each stop per shift against Koper’s 10–15; gaps over 2 hours at peak hours flagged.',
		200
	],
	'GET /api/patrol-plans/{id}/proposal': [
		'patrolProposal',
		'k stops covering the most uncovered incidents (greedy, at least 1 − 1/e of the best k candidates); `seed` adds randomised visits.',
		200
	],
	'GET /api/patrol-plans/{id}/export': [
		'exportPatrolPlan',
		'The plan as GeoJSON, GPX (areas as closed tracks) or KML.',
		200
	],
	'POST /api/patrol-plans/import': [
		'importPatrolFile',
		'Reads a GeoJSON, GPX or KML file into plan items; nothing is saved. A broken file: 400 saying what and where.',
		200
	],
	'POST /api/patrol-positions': [
		'postPatrolPositions',
		'Positions of patrol units `[{unit, ts, lon, lat, accuracyM?}]` → 202 with each refused item’s index and reason; idempotent on (unit, ts).',
		202
	],
	'GET /api/patrol-positions/live': [
		'livePatrolUnits',
		'Units heard from in the last hour with their track; `stale` after 5 minutes.',
		200
	]
};

function fromZod(schema: z.core.$ZodType): JsonSchema {
	const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
	delete out.$schema;
	return out;
}

function queryParameters(schema: z.core.$ZodType) {
	const json = fromZod(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
	return Object.entries(json.properties ?? {}).map(([name, s]) => ({
		name,
		in: 'query' as const,
		required: json.required?.includes(name) ?? false,
		schema: s
	}));
}

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** The path items of every patrol endpoint, to merge into the document's paths. */
export function patrolPaths(): Record<string, Record<string, unknown>> {
	const out: Record<string, Record<string, unknown>> = {};
	for (const [key, spec] of Object.entries(PATROL_ENDPOINTS) as [
		Key,
		(typeof PATROL_ENDPOINTS)[Key]
	][]) {
		const [verb, path] = key.split(' ') as [string, string];
		const [operationId, summary, status] = SUMMARIES[key];
		const s = spec as { query?: z.ZodType; body?: z.ZodType; answer?: keyof typeof A };
		const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
			name: m[1]!,
			in: 'path' as const,
			required: true,
			schema:
				m[1] === 'version' ? { type: 'integer', minimum: 1 } : { type: 'string', format: 'uuid' }
		}));
		const answer = s.answer ? fromZod(A[s.answer] as z.core.$ZodType) : undefined;
		(out[path] ??= {})[verb.toLowerCase()] = {
			operationId,
			summary,
			tags: ['patrols'],
			parameters: [...pathParams, ...(s.query ? queryParameters(s.query) : [])],
			...(s.body
				? {
						requestBody: {
							required: true,
							content: { 'application/json': { schema: fromZod(s.body) } }
						}
					}
				: {}),
			responses: {
				[String(status)]: {
					description: summary,
					...(answer ? { content: { 'application/json': { schema: answer } } } : {})
				},
				'400': ref('BadRequest'),
				'401': ref('Unauthorized'),
				'403': ref('Forbidden'),
				'404': ref('NotFound'),
				...(verb === 'PUT' || verb === 'POST' || verb === 'PATCH' || verb === 'DELETE'
					? { '409': ref('Conflict') }
					: {}),
				...(s.body ? { '413': ref('PayloadTooLarge'), '415': ref('UnsupportedMediaType') } : {}),
				'429': ref('TooManyRequests')
			}
		};
	}
	return out;
}
