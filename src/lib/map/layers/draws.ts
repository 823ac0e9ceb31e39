/**
 * How every map layer is drawn: the `draw` each `<name>/*.layer.ts` exports, bottom to top.
 * Imported only by the lazy runtime chunk (runtime.ts), since it brings deck.gl. A `*.layer.ts`
 * without a `draw` holds factories another draw or the overlay uses (the live pulse).
 */
import type { LayerDraw } from './layer-spec';

const found = import.meta.glob<{ draw?: LayerDraw<unknown> }>('./*/*.layer.ts', { eager: true });

export const LAYER_DRAWS: readonly LayerDraw<unknown>[] = Object.values(found)
	.flatMap((m) => (m.draw ? [m.draw] : []))
	.sort((a, b) => a.z - b.z);
