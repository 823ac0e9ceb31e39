/**
 * GET /api/incidents/hexbins: hexagon counts computed by PostGIS, under the disclosure rule for
 * roles that see aggregates only. The incident points come as the binary frame of
 * src/lib/domain/incident-wire.ts. Both endpoints, shared with other features, are described in
 * src/lib/server/openapi.ts with the rest of the incidents API.
 */
import * as z from 'zod/mini';
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
