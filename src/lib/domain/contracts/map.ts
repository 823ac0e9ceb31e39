/** The map's layers of one zone, and its situation panel. GeoJSON is built by PostgreSQL. */
import * as z from 'zod/mini';
import { contract } from '../contract';
import { situationSchema } from '../live-layers';
import {
	adminUnitCollectionSchema,
	parkCollectionSchema,
	roadCollectionSchema,
	zoneCollectionSchema
} from '../map-features';
import { dateParam } from '../params';
import { DISCLOSURE_NOTE, geojsonLayer, ZONE_NOT_FOUND, zoneOnly, zoneParam } from './shared';

/** The layers with a folder of their own have their contract there (src/lib/map/layers/<name>/). */
const layer = geojsonLayer;

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

export const listRoads = contract({
	method: 'GET',
	path: '/api/roads',
	tag: 'map',
	summary: 'Roads with linear referencing (km at each vertex).',
	query: zoneOnly,
	answer: layer('Roads.', roadCollectionSchema),
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
