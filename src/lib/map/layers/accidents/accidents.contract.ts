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
import { contract } from '$lib/domain/contract';
import {
	geojsonLayer,
	windowParams,
	ZONE_NOT_FOUND,
	zoneParam
} from '$lib/domain/contracts/shared';
import { instantParam, intParam } from '$lib/domain/params';

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

export const listAccidents = contract({
	method: 'GET',
	path: '/api/accidents',
	tag: 'map',
	summary: 'Traffic accidents with their chainage (Km+m).',
	query: z.strictObject({ ...windowParams, zone: zoneParam }),
	answer: geojsonLayer('Accidents.', accidentCollectionSchema),
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
	answer: geojsonLayer('Black-spot sections.', blackSpotCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});
