import { publicZones } from '$lib/domain/contracts/tips';
import { endpoint } from '$lib/server/endpoint';
import { asCaller } from '$lib/server/read';
import { publicZones as zonesOfTipLine } from '$lib/server/tips/tips.service';

/** The zones' outlines, codes and names (nothing else) for the public tip form's map. */
export const GET = endpoint(publicZones, () =>
	// As anon whoever asks: the public form shows what the public may see, no more.
	asCaller({}, zonesOfTipLine)
);
