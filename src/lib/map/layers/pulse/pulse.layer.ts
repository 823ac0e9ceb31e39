import { ScatterplotLayer } from '@deck.gl/layers';
import type { Pulse } from '$lib/state/live-log.svelte';

export const PULSE_LAYER_ID = 'live-pulse';

/** Where something just changed: an expanding, fading ring, redrawn each animation frame. */
export function pulseLayer(
	pulses: readonly Pulse[],
	{ now, durationMs }: { now: number; durationMs: number }
): ScatterplotLayer<Pulse> {
	// Two rings a pulse, half a period apart, so the eye catches it at any moment.
	const phase = (p: Pulse) => ((now - p.startedAt) % (durationMs / 2)) / (durationMs / 2);
	return new ScatterplotLayer<Pulse>({
		id: PULSE_LAYER_ID,
		data: pulses as Pulse[],
		stroked: true,
		filled: true,
		radiusUnits: 'pixels',
		lineWidthUnits: 'pixels',
		getPosition: (p) => p.position,
		getRadius: (p) => 8 + 34 * phase(p),
		getFillColor: (p) => [...p.color, Math.round(90 * (1 - phase(p)))],
		getLineColor: (p) => [...p.color, Math.round(255 * (1 - phase(p)))],
		getLineWidth: 3,
		updateTriggers: { getRadius: now, getFillColor: now, getLineColor: now }
	});
}
