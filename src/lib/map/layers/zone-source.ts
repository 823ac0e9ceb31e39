import { call, type JsonContract } from '$lib/api/client';
import type { Decoded } from '$lib/domain/contract';
import type { zoneOnly } from '$lib/domain/contracts/shared';
import type { LayerSource } from './layer-spec';

/** The contract of a layer of one zone: `?zone=`, answered with JSON its schema decodes. */
type ZoneLayerContract = JsonContract & { method: 'GET'; query: typeof zoneOnly };

/**
 * The usual source: the whole layer of the zone on screen (`?zone=`), decoded with its
 * contract's schema; the browser's side of the server's `zoneLayer` (zone-layer.route.ts).
 */
export function zoneSource<C extends ZoneLayerContract>(contract: C): LayerSource<Decoded<C>> {
	return { load: ({ zone }, signal) => call(contract, { query: { zone } }, { signal }) };
}
