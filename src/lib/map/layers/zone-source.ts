import { get, query, type Decoder } from '$lib/api/client';
import type { Contract } from '$lib/domain/contract';
import type { zoneOnly } from '$lib/domain/contracts/shared';
import type { LayerSource } from './layer-spec';

/** The contract of a layer of one zone: `?zone=`, answered with GeoJSON its schema decodes. */
type ZoneLayerContract<D> = Contract & {
	query: typeof zoneOnly;
	answer: { schema: Decoder<D> };
};

/**
 * The usual source: the whole layer of the zone on screen (`?zone=`), decoded with its
 * contract's schema; the browser's side of the server's `zoneLayer` (zone-layer.route.ts).
 */
export function zoneSource<D>(contract: ZoneLayerContract<D>): LayerSource<D> {
	return {
		load: ({ zone }, signal) =>
			get(`${contract.path}${query({ zone })}`, contract.answer.schema, { signal })
	};
}
