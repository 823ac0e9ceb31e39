/** GET /api/fire-sites: the fire and explosion-risk register of a zone. */
import * as z from 'zod/mini';
import {
	collection,
	featureId,
	nullableNumber,
	nullableString,
	point
} from '$lib/domain/live-layers';
import { contract } from '$lib/domain/contract';
import { geojsonLayer, ZONE_NOT_FOUND, zoneOnly } from '$lib/domain/contracts/shared';

export const FIRE_CLASSES = [
	'fire_managed',
	'explosion_risk',
	'police_managed',
	'commune_managed'
] as const;
export type FireClass = (typeof FIRE_CLASSES)[number];

export const fireSiteCollectionSchema = collection(
	point,
	z.object({
		id: featureId,
		facility: z.string(),
		address: nullableString,
		fireClass: z.enum(FIRE_CLASSES),
		overdue: z.boolean(),
		lastInspectedOn: nullableString,
		openViolations: nullableNumber
	})
);
export type FireSiteCollection = z.infer<typeof fireSiteCollectionSchema>;
export type FireSiteFeature = FireSiteCollection['features'][number];

export const listFireSites = contract({
	method: 'GET',
	path: '/api/fire-sites',
	tag: 'map',
	summary:
		'Fire-risk sites: facility, class, managing level, last inspection; `overdue` after 12 months.',
	query: zoneOnly,
	answer: geojsonLayer('Fire-risk sites.', fireSiteCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});
