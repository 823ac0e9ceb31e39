/**
 * Every map layer the page offers, found in the folders beside this file (`<name>/index.ts`
 * exports its `spec`), in panel order. The page shell imports this: it carries names, URL keys,
 * defaults, data sources and legends, never MapLibre or deck.gl (their half, `draws.ts`, is in
 * the lazy runtime chunk).
 */
import type { LayerSpec } from './layer-spec';

const found = import.meta.glob<LayerSpec>('./*/index.ts', { eager: true, import: 'spec' });

export const MAP_LAYERS: readonly LayerSpec[] = Object.values(found).sort(
	(a, b) => a.order - b.order
);

/** The URL keys, in panel order. */
export const LAYER_KEYS: readonly string[] = MAP_LAYERS.map((s) => s.key);

export function layerSpec(key: string): LayerSpec | undefined {
	return MAP_LAYERS.find((s) => s.key === key);
}
