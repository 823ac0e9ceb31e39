import { convertTip } from '$lib/domain/contracts/tips';
import { endpoint } from '$lib/server/endpoint';
import { asCaller } from '$lib/server/read';
import { convertTip as convert } from '$lib/server/tips/tips.service';

/**
 * Turns the tip into an incident, linked both ways, in one transaction. The body corrects or
 * completes the tip: `{ category?, severity?, occurredAt?, lon?, lat? }` (lon/lat required when
 * the tip has no location). Final.
 */
export const POST = endpoint(convertTip, ({ params: { id }, body, lang, locals }) =>
	asCaller(locals, (q) => convert(q, lang, id, body, locals.principal))
);
