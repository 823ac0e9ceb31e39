/** GET /api/fire-sites: the fire and explosion-risk register of a zone. */
import * as z from 'zod/mini';
import {
	collection,
	featureId,
	nullableNumber,
	nullableString,
	point
} from '$lib/domain/live-layers';
import type { LayerEndpoint } from '../layer-contract';

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

export const fireSitesEndpoint: LayerEndpoint = {
	path: '/api/fire-sites',
	operationId: 'listFireSites',
	summary:
		'Fire-risk sites: facility, class, managing level, last inspection; `overdue` after 12 months.',
	parameters: ['zone'],
	response: 'Fire-risk sites.'
};

export const endpoints = [fireSitesEndpoint];
