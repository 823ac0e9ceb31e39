/** The map's layers of one zone, and its situation panel. GeoJSON is built by PostgreSQL. */
import * as z from 'zod/mini';
import { contract } from '../contract';
import {
	accidentCollectionSchema,
	blackSpotCollectionSchema,
	fireSiteCollectionSchema,
	patrolRouteCollectionSchema,
	situationSchema,
	teamCollectionSchema
} from '../live-layers';
import {
	adminUnitCollectionSchema,
	parkCollectionSchema,
	roadCollectionSchema,
	zoneCollectionSchema
} from '../map-features';
import { dateParam, instantParam, intParam } from '../params';
import { DISCLOSURE_NOTE, windowParams, ZONE_NOT_FOUND, zoneParam } from './shared';

const GEOJSON = 'application/geo+json';

/** A GeoJSON layer of the caller's zone (`?zone=`), built by PostgreSQL and sent as it is. */
const layer = <S extends z.ZodMiniType>(description: string, schema: S) =>
	({ description, schema, media: GEOJSON, text: true }) as const;

export const listZones = contract({
	method: 'GET',
	path: '/api/zones',
	tag: 'map',
	summary: 'Zones: code, name, geodesic area, demo flag, validity, metadata.',
	answer: layer('Zones.', zoneCollectionSchema)
});

export const listParks = contract({
	method: 'GET',
	path: '/api/parks',
	tag: 'map',
	summary: 'Industrial parks with their areas.',
	answer: layer('Parks.', parkCollectionSchema)
});

export const listAdminUnits = contract({
	method: 'GET',
	path: '/api/admin-units',
	tag: 'map',
	summary: 'Administrative units valid on a date.',
	query: z.strictObject({
		at: z.optional(dateParam).check(z.describe('The day; default: today in Vietnam.')),
		zone: zoneParam
	}),
	answer: layer('Units.', adminUnitCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});

/** The query of a layer of one zone. */
export const zoneOnly = z.strictObject({ zone: zoneParam });

export const listRoads = contract({
	method: 'GET',
	path: '/api/roads',
	tag: 'map',
	summary: 'Roads with linear referencing (km at each vertex).',
	query: zoneOnly,
	answer: layer('Roads.', roadCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});

export const listFireSites = contract({
	method: 'GET',
	path: '/api/fire-sites',
	tag: 'map',
	summary:
		'Fire-risk sites: facility, class, managing level, last inspection; `overdue` after 12 months.',
	query: zoneOnly,
	answer: layer('Fire-risk sites.', fireSiteCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});

export const listTeams = contract({
	method: 'GET',
	path: '/api/teams',
	tag: 'map',
	summary:
		'Self-managed security teams: name, kind (company, residential, statutory), members, label point.',
	query: zoneOnly,
	answer: layer('Teams.', teamCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});

export const listPatrolRoutes = contract({
	method: 'GET',
	path: '/api/patrol-routes',
	tag: 'map',
	summary: 'Patrol routes with their schedule, buffer and covered area (`coverage`, `coverageHa`).',
	query: zoneOnly,
	answer: layer('Patrol routes.', patrolRouteCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});

export const listAccidents = contract({
	method: 'GET',
	path: '/api/accidents',
	tag: 'map',
	summary: 'Traffic accidents with their chainage (Km+m).',
	query: z.strictObject({ ...windowParams, zone: zoneParam }),
	answer: layer('Accidents.', accidentCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});

export const listBlackSpots = contract({
	method: 'GET',
	path: '/api/accidents/black-spots',
	tag: 'map',
	summary:
		'Accident black spots (điểm đen): road sections where the 12 months before `to` hold 2 fatal ' +
		'accidents, or 3+ accidents with one fatal, or 4+ accidents with injured people; lines ' +
		'along the road with kmFrom/kmTo (and Km+m labels) and the counts.',
	query: z.strictObject({
		to: z.optional(instantParam).check(z.describe('End of the 12 months examined (default: now).')),
		section: z
			.optional(intParam(100, 5_000))
			.check(z.describe('Section length in metres (default 1000; 500 for urban streets).')),
		zone: zoneParam
	}),
	answer: layer('Black-spot sections.', blackSpotCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});

export const situation = contract({
	method: 'GET',
	path: '/api/situation',
	tag: 'map',
	summary:
		'The situation panel: incidents today and over 7 days against the 7 before (Poisson z), accidents against last year, overdue inspections, tips awaiting triage.',
	description: `Exact roles: today so far, the last 7 × 24 h and the 7 × 24 h before. Protected answers (aggregate-only roles): today, the 7 days ending today and the 7 before, as whole Vietnam days (totals only); z from the published figures. Accidents and fire inspections are exact for everyone. ${DISCLOSURE_NOTE}`,
	query: zoneOnly,
	answer: { description: 'The figures.', schema: situationSchema },
	refusals: { 403: 'Liaison officers and team leads get no aggregate.', 404: ZONE_NOT_FOUND }
});
