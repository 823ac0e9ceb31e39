/**
 * The endpoints of every map layer, from the `endpoints` each `<name>/*.contract.ts` exports
 * (pure data and zod/mini schemas: the server imports this for the OpenAPI document).
 */
import type { LayerEndpoint } from './layer-contract';

const found = import.meta.glob<{ endpoints?: readonly LayerEndpoint[] }>('./*/*.contract.ts', {
	eager: true
});

export const LAYER_ENDPOINTS: readonly LayerEndpoint[] = Object.values(found)
	.flatMap((m) => m.endpoints ?? [])
	.sort((a, b) => a.path.localeCompare(b.path));
