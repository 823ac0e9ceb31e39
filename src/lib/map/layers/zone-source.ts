import { get, query, type Decoder } from '$lib/api/client';
import type { LayerEndpoint } from './layer-contract';
import type { LayerSource } from './layer-spec';

/**
 * The usual source: the whole layer of the zone on screen (`?zone=`), decoded with its schema;
 * the browser's side of the server's `zoneLayerHandler`.
 */
export function zoneSource<D>(endpoint: LayerEndpoint, schema: Decoder<D>): LayerSource<D> {
	return {
		load: ({ zone }, signal) => get(`${endpoint.path}${query({ zone })}`, schema, { signal })
	};
}
