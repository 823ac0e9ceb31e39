/**
 * GET /api/incidents/hexbins: hexagon counts computed by PostGIS, under the disclosure rule for
 * roles that see aggregates only. The incident points come as the binary frame of
 * src/lib/domain/incident-wire.ts; that endpoint, shared with other features, has its contract
 * with the rest of the incidents API (src/lib/domain/contracts/incidents.ts).
 */
import * as z from 'zod/mini';
import { INCIDENT_STATUSES } from '$lib/domain/categories';
import { contract } from '$lib/domain/contract';
import {
	DISCLOSURE_NOTE,
	geojsonLayer,
	windowParams,
	ZONE_NOT_FOUND,
	zoneParam
} from '$lib/domain/contracts/shared';
import { categoriesParam, intParam, statusesParam } from '$lib/domain/params';
import {
	collection,
	disclosure,
	polygonal,
	publishedCount,
	publishedWindow
} from '$lib/domain/live-layers';

export const hexbinCollectionSchema = z.extend(
	collection(polygonal, z.object({ count: publishedCount, suppressed: z.optional(z.boolean()) })),
	{
		window: z.optional(publishedWindow),
		disclosure,
		total: z.optional(publishedCount)
	}
);
export type HexbinCollection = z.infer<typeof hexbinCollectionSchema>;
export type HexbinFeature = HexbinCollection['features'][number];

export const incidentHexbins = contract({
	method: 'GET',
	path: '/api/incidents/hexbins',
	tag: 'incidents',
	summary: 'Incident counts on hexagons computed in PostGIS (default: last 30 days, 250 m).',
	description: `Hexagons (axial q, r; circumradius cellSizeM) with at least one incident. ${DISCLOSURE_NOTE}`,
	query: z.strictObject({
		...windowParams,
		category: z.optional(categoriesParam).check(
			z.meta({
				description: 'Comma-separated incident category codes.',
				examples: ['theft,robbery']
			})
		),
		status: z.optional(statusesParam).check(
			z.meta({
				description: `Comma-separated incident statuses (${INCIDENT_STATUSES.join(', ')}); default: all.`,
				examples: ['new,handling']
			})
		),
		zone: zoneParam,
		size: z
			.optional(intParam(25, 5_000))
			.check(
				z.describe(
					'Cell size (circumradius) in metres (25–5000; at least 200 for aggregate-only roles).'
				)
			)
	}),
	answer: geojsonLayer('Hexagons with `q`, `r`, `count`, `suppressed`.', hexbinCollectionSchema),
	refusals: {
		400: 'A parameter is invalid; hexagons smaller than 200 m are refused to aggregate-only roles (naming `size`).',
		403: 'Liaison officers and team leads get no aggregate.',
		404: ZONE_NOT_FOUND
	}
});
