/** GET /api/teams: self-managed security teams (tổ tự quản) of a zone. */
import * as z from 'zod/mini';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { collection, featureId, geometryOf, nullableNumber, point } from '$lib/domain/live-layers';
import { contract } from '$lib/domain/contract';
import { geojsonLayer, ZONE_NOT_FOUND, zoneOnly } from '$lib/domain/contracts/shared';

export const TEAM_KINDS = ['company', 'residential', 'statutory'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export const teamCollectionSchema = collection(
	geometryOf<Point | Polygon | MultiPolygon>('Point', 'Polygon', 'MultiPolygon'),
	z.object({
		id: featureId,
		name: z.string(),
		kind: z.enum(TEAM_KINDS),
		members: nullableNumber,
		labelPoint: z.optional(z.nullable(point))
	})
);
export type TeamCollection = z.infer<typeof teamCollectionSchema>;
export type TeamFeature = TeamCollection['features'][number];

export const listTeams = contract({
	method: 'GET',
	path: '/api/teams',
	tag: 'map',
	summary:
		'Self-managed security teams: name, kind (company, residential, statutory), members, label point.',
	query: zoneOnly,
	answer: geojsonLayer('Teams.', teamCollectionSchema),
	refusals: { 404: ZONE_NOT_FOUND }
});
