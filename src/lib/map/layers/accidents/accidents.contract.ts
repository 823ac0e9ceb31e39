/**
 * GET /api/accidents (traffic accidents with their chainage) and GET /api/accidents/black-spots
 * (road sections that meet the black-spot rule, DOMAIN.md).
 */
import * as z from 'zod/mini';
import type { LineString, MultiLineString } from 'geojson';
import {
	collection,
	featureId,
	geometryOf,
	nullableNumber,
	nullableString,
	numeric,
	point
} from '$lib/domain/live-layers';
import type { LayerEndpoint } from '../layer-contract';

export const accidentCollectionSchema = collection(
	point,
	z.object({
		id: featureId,
		occurredAt: z.string(),
		deaths: numeric,
		injuries: numeric,
		severityClass: numeric,
		road: nullableString,
		km: nullableNumber,
		kmLabel: nullableString
	})
);
export type AccidentCollection = z.infer<typeof accidentCollectionSchema>;
export type AccidentFeature = AccidentCollection['features'][number];

/** Accident black spots: sections along a road. */
export const blackSpotCollectionSchema = collection(
	geometryOf<LineString | MultiLineString>('LineString', 'MultiLineString'),
	z.object({
		road: z.string(),
		kmFrom: numeric,
		kmTo: numeric,
		kmFromLabel: z.string(),
		kmToLabel: z.string(),
		accidents: numeric,
		fatalAccidents: numeric,
		injuryAccidents: numeric,
		deaths: numeric,
		injuries: numeric
	})
);
export type BlackSpotCollection = z.infer<typeof blackSpotCollectionSchema>;
export type BlackSpotFeature = BlackSpotCollection['features'][number];

export const accidentsEndpoint: LayerEndpoint = {
	path: '/api/accidents',
	operationId: 'listAccidents',
	summary: 'Traffic accidents with their chainage (Km+m).',
	parameters: ['from', 'to', 'zone'],
	response: 'Accidents.'
};

export const blackSpotsEndpoint: LayerEndpoint = {
	path: '/api/accidents/black-spots',
	operationId: 'listBlackSpots',
	summary:
		'Accident black spots (điểm đen): road sections where the 12 months before `to` hold 2 fatal ' +
		'accidents, or 3+ accidents with one fatal, or 4+ accidents with injured people; lines ' +
		'along the road with kmFrom/kmTo (and Km+m labels) and the counts.',
	parameters: [
		{
			name: 'to',
			description: 'End of the 12 months examined (default: now).',
			schema: { time: ['2026-11-01'] }
		},
		{
			name: 'section',
			description: 'Section length in metres (default 1000; 500 for urban streets).',
			schema: { json: { type: 'integer', minimum: 100, maximum: 5000 } }
		},
		'zone'
	],
	response: 'Black-spot sections.'
};

export const endpoints = [accidentsEndpoint, blackSpotsEndpoint];
