import { situation } from '$lib/domain/contracts/map';
import type { Encoded } from '$lib/domain/contract';
import { endpoint } from '$lib/server/endpoint';
import { asCaller, zoneOr404 } from '$lib/server/read';

/** The situation panel: today, 7 days against the 7 before (Poisson z), accidents, inspections. */
export const GET = endpoint(situation, ({ query, locals }) =>
	asCaller(locals, async (q) => {
		const zone = await zoneOr404(q, query.zone);
		const [row] = await q.query<{ s: Encoded<typeof situation> }>(`select app.situation($1) as s`, [
			zone.id
		]);
		return row!.s;
	})
);
