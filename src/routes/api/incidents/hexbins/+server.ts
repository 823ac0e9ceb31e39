import { msg } from '$lib/domain/api-text';
import { incidentHexbins } from '$lib/map/layers/incidents/incidents.contract';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { hexbinsGeoJSON } from '$lib/server/incidents/hexbins.query';
import { asCaller, zoneOr404 } from '$lib/server/read';

const DAY_MS = 86_400_000;

export const GET = endpoint(incidentHexbins, ({ query, locals }) => {
	const { category, status, zone, size = 250 } = query;
	const to = query.to ?? new Date();
	const from = query.from ?? new Date(to.getTime() - 30 * DAY_MS);
	if (from >= to) refuse(400, 'to', msg('afterFrom'));
	return asCaller(locals, async (q) =>
		hexbinsGeoJSON(q, {
			zoneId: (await zoneOr404(q, zone)).id,
			from,
			to,
			categories: category,
			statuses: status,
			sizeM: size
		})
	);
});
