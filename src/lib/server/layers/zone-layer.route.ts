import type { RequestHandler } from '@sveltejs/kit';
import type { Contract } from '$lib/domain/contract';
import type { zoneOnly } from '$lib/domain/contracts/shared';
import type { Queryable } from '../db/port';
import { endpoint } from '../endpoint';
import { asCaller, zoneOr404 } from '../read';

/** A map layer of one zone: `?zone=`, answered with the GeoJSON text PostgreSQL built. */
type ZoneLayer = Contract & { query: typeof zoneOnly; answer: { text: true } };

/** GET handler for a map layer of one zone: its GeoJSON, built as the caller. */
export function zoneLayer(
	contract: ZoneLayer,
	query: (q: Queryable, zoneId: string) => Promise<string>
): RequestHandler {
	return endpoint(contract, ({ query: { zone }, locals }) =>
		asCaller(locals, async (q) => query(q, (await zoneOr404(q, zone)).id))
	);
}
