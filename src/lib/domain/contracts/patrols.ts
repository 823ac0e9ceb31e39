/**
 * Patrol plans (issue 11): plans and their versions, the old routes' stable contract, the
 * analyses, plan files, and patrol units' positions. The requests' schemas and limits are in
 * ../patrol-plans.ts (the database checks the same rules again), the answers in
 * ../patrol-answers.ts. Writes need 'patrol_plans.write'; the database decides zone and reach.
 * The live units' layer has its own contract (src/lib/map/layers/patrol-units).
 */
import * as z from 'zod/mini';
import { contract } from '../contract';
import * as A from '../patrol-answers';
import {
	coverageQuery,
	patrolExportQuery,
	patrolHotspotsQuery,
	patrolIdParam,
	patrolImportBody,
	patrolPlanCoverageQuery,
	patrolPlanCreate,
	patrolPlanRestore,
	patrolPlanUpdate,
	patrolPlanVersionParam,
	patrolPositionsBody,
	patrolProposalQuery,
	patrolRouteCreate,
	patrolRoutePatch,
	patrolVersionParam
} from '../patrol-plans';
import { ZONE_NOT_FOUND, zoneOnly } from './shared';

/** A plan or route save: 500 items of up to 10,000 vertices are far less. */
const SAVE_MAX_BYTES = 2 * 1024 * 1024;
/** A plan file's text (5 MB) and its JSON wrapping. */
const FILE_MAX_BYTES = 5_000_000 + 4096;
/** A full batch of 1,000 positions with room to spare. */
const POSITIONS_MAX_BYTES = 256 * 1024;

const planParams = z.object({ id: patrolIdParam });
const routeParams = z.object({ id: patrolIdParam });

const WRITERS = 'Your role may not write patrol plans (`patrol_plans.write`).';
const NO_PLAN = 'No such plan that you may read.';
const NO_ROUTE = 'No such route that you may read.';
const STALE = {
	description: 'Another save came first: `version` is not the current one.',
	codes: ['plan_stale']
} as const;
const WRITE_REFUSALS = { 403: WRITERS, 404: NO_PLAN, 409: STALE } as const;
const READ_REFUSALS = { 404: NO_PLAN } as const;

// The old contract, held stable ----------------------------------------------------------------

export const createPatrolRoute = contract({
	method: 'POST',
	path: '/api/patrol-routes',
	tag: 'patrols',
	summary:
		'Creates a patrol route (or area) with one weekly shift and its stops: a plan of its own. Held stable.',
	query: zoneOnly,
	body: { schema: patrolRouteCreate, maxBytes: SAVE_MAX_BYTES },
	answer: { status: 201, description: 'Created.', schema: A.patrolRouteCreated },
	refusals: { 403: WRITERS, 404: ZONE_NOT_FOUND }
});

export const patchPatrolRoute = contract({
	method: 'PATCH',
	path: '/api/patrol-routes/{id}',
	tag: 'patrols',
	summary:
		'Changes a route: name, geometry, buffer, shift (replaces the plan’s shifts), stops (replace the route’s).',
	params: routeParams,
	body: { schema: patrolRoutePatch, maxBytes: SAVE_MAX_BYTES },
	answer: { status: 204, description: 'Changed.' },
	refusals: { 403: WRITERS, 404: NO_ROUTE, 409: STALE }
});

export const deletePatrolRoute = contract({
	method: 'DELETE',
	path: '/api/patrol-routes/{id}',
	tag: 'patrols',
	summary: 'Removes a route and its stops (its plan too when nothing is left).',
	params: routeParams,
	answer: { status: 204, description: 'Removed.' },
	refusals: { 403: WRITERS, 404: NO_ROUTE }
});

export const patrolRouteCoverage = contract({
	method: 'GET',
	path: '/api/patrol-routes/{id}/coverage',
	tag: 'patrols',
	summary:
		'A route’s coverage for a period: area (m², % of the zone) and incidents inside, also during its shifts. Held stable.',
	params: routeParams,
	query: coverageQuery,
	answer: { description: 'The coverage.', schema: A.patrolCoverageAnswer },
	refusals: { 404: NO_ROUTE }
});

// Plans ------------------------------------------------------------------------------------------

export const listPatrolPlans = contract({
	method: 'GET',
	path: '/api/patrol-plans',
	tag: 'patrols',
	summary: 'The plans of a zone, newest change first.',
	query: zoneOnly,
	answer: { description: 'The plans.', schema: A.patrolPlanList },
	refusals: { 404: ZONE_NOT_FOUND }
});

export const createPatrolPlan = contract({
	method: 'POST',
	path: '/api/patrol-plans',
	tag: 'patrols',
	summary: 'A new plan (version 1) in `zoneId` (default: your first zone).',
	body: { schema: patrolPlanCreate, maxBytes: SAVE_MAX_BYTES },
	answer: { status: 201, description: 'Created.', schema: A.patrolPlanSaved },
	refusals: { 403: WRITERS, 404: 'No zone in your scope.' }
});

export const getPatrolPlan = contract({
	method: 'GET',
	path: '/api/patrol-plans/{id}',
	tag: 'patrols',
	summary: 'One plan with its items and shifts.',
	params: planParams,
	answer: { description: 'The plan.', schema: A.patrolPlanAnswer },
	refusals: READ_REFUSALS
});

export const savePatrolPlan = contract({
	method: 'PUT',
	path: '/api/patrol-plans/{id}',
	tag: 'patrols',
	summary:
		'Saves the whole plan as a new version, made from `version`: 409 (`code` `plan_stale`) when another save came first.',
	params: planParams,
	body: { schema: patrolPlanUpdate, maxBytes: SAVE_MAX_BYTES },
	answer: { description: 'Saved.', schema: A.patrolPlanSaved },
	refusals: WRITE_REFUSALS
});

export const deletePatrolPlan = contract({
	method: 'DELETE',
	path: '/api/patrol-plans/{id}',
	tag: 'patrols',
	summary: 'Deletes a plan, made from `version`.',
	params: planParams,
	query: patrolPlanVersionParam,
	answer: { status: 204, description: 'Deleted.' },
	refusals: WRITE_REFUSALS
});

export const patrolPlanVersions = contract({
	method: 'GET',
	path: '/api/patrol-plans/{id}/versions',
	tag: 'patrols',
	summary: 'Who saved each version and when, newest first.',
	params: planParams,
	answer: { description: 'The versions.', schema: A.patrolPlanHistory },
	refusals: READ_REFUSALS
});

export const patrolPlanVersion = contract({
	method: 'GET',
	path: '/api/patrol-plans/{id}/versions/{version}',
	tag: 'patrols',
	summary: 'The plan as that version saved it (for the diff on the map and restoring).',
	params: z.object({ id: patrolIdParam, version: patrolVersionParam }),
	answer: { description: 'The version.', schema: A.patrolPlanVersionAnswer },
	refusals: { 404: 'No such plan, or no such version of it.' }
});

export const restorePatrolPlan = contract({
	method: 'POST',
	path: '/api/patrol-plans/{id}/restore',
	tag: 'patrols',
	summary: 'Makes version `restore` current again, as a new version made from `version`.',
	params: planParams,
	body: { schema: patrolPlanRestore, maxBytes: 1024 },
	answer: { description: 'Restored.', schema: A.patrolPlanSaved },
	refusals: WRITE_REFUSALS
});

// Analyses ---------------------------------------------------------------------------------------

export const patrolPlanCoverage = contract({
	method: 'GET',
	path: '/api/patrol-plans/{id}/coverage',
	tag: 'patrols',
	summary:
		'The plan’s coverage (or one item’s, `item`) and incidents inside it, also during its shifts.',
	params: planParams,
	query: patrolPlanCoverageQuery,
	answer: { description: 'The coverage.', schema: A.patrolCoverageAnswer },
	refusals: READ_REFUSALS
});

export const patrolHourOfWeek = contract({
	method: 'GET',
	path: '/api/patrol-plans/{id}/hour-of-week',
	tag: 'patrols',
	summary:
		'7 × 24 cells (Vietnam time, Monday 00:00 first): incidents, those inside, planned minutes.',
	params: planParams,
	query: coverageQuery,
	answer: { description: 'The matrix.', schema: A.patrolHourOfWeek },
	refusals: READ_REFUSALS
});

export const patrolUncoveredHotspots = contract({
	method: 'GET',
	path: '/api/patrol-plans/{id}/hotspots',
	tag: 'patrols',
	summary:
		'Hexagons ranked by incidents outside the coverage (`place`) or outside it at their hour (`time`), each with a stop to add.',
	params: planParams,
	query: patrolHotspotsQuery,
	answer: { description: 'The hot spots.', schema: A.patrolHotspots },
	refusals: READ_REFUSALS
});

export const patrolDosage = contract({
	method: 'GET',
	path: '/api/patrol-plans/{id}/dosage',
	tag: 'patrols',
	summary:
		'Planned minutes at each stop per shift against Koper’s 10–15; gaps over 2 hours at peak hours flagged.',
	params: planParams,
	query: coverageQuery,
	answer: { description: 'The stops.', schema: A.patrolDosage },
	refusals: READ_REFUSALS
});

export const patrolProposal = contract({
	method: 'GET',
	path: '/api/patrol-plans/{id}/proposal',
	tag: 'patrols',
	summary:
		'k stops covering the most uncovered incidents (greedy, at least 1 − 1/e of the best k candidates); `seed` adds randomised visits.',
	params: planParams,
	query: patrolProposalQuery,
	answer: { description: 'The proposal.', schema: A.patrolProposal },
	refusals: READ_REFUSALS
});

// Files ------------------------------------------------------------------------------------------

export const exportPatrolPlan = contract({
	method: 'GET',
	path: '/api/patrol-plans/{id}/export',
	tag: 'patrols',
	summary: 'The plan as a file for field devices: GeoJSON, GPX (areas as closed tracks) or KML.',
	params: planParams,
	query: patrolExportQuery,
	answer: {
		description: 'The file (an attachment).',
		media: 'application/geo+json',
		alternatives: {
			'application/gpx+xml': '`format=gpx`.',
			'application/vnd.google-earth.kml+xml': '`format=kml`.'
		}
	},
	refusals: READ_REFUSALS
});

export const importPatrolFile = contract({
	method: 'POST',
	path: '/api/patrol-plans/import',
	tag: 'patrols',
	summary:
		'Reads a GeoJSON, GPX or KML file into plan items; nothing is saved. A broken file: 400 saying what and where (`code` `file.<problem>`).',
	query: zoneOnly,
	body: { schema: patrolImportBody, maxBytes: FILE_MAX_BYTES },
	answer: { description: 'The file’s items.', schema: A.patrolImportAnswer },
	refusals: { 403: WRITERS, 404: ZONE_NOT_FOUND }
});

// Positions --------------------------------------------------------------------------------------

export const postPatrolPositions = contract({
	method: 'POST',
	path: '/api/patrol-positions',
	tag: 'patrols',
	summary:
		'Positions of patrol units `[{unit, ts, lon, lat, accuracyM?}]` → 202 with each refused item’s index and reason; idempotent on (unit, ts).',
	description:
		'Devices (an API token) and officers’ phones post positions. Who may report for which unit is the database’s rule (`patrol_positions.report`: any unit of the zone, or the units of the caller’s own team); each item is checked there.',
	query: zoneOnly,
	body: { schema: patrolPositionsBody, maxBytes: POSITIONS_MAX_BYTES },
	answer: { status: 202, description: 'What was accepted.', schema: A.positionBatchAnswer },
	refusals: { 404: ZONE_NOT_FOUND }
});
