import { listAdminUnits } from '$lib/domain/contracts/map';
import { todayInVietnam } from '$lib/domain/time';
import { endpoint } from '$lib/server/endpoint';
import { adminUnitsGeoJSON } from '$lib/server/layers/zones.query';
import { asCaller, zoneOr404 } from '$lib/server/read';

export const GET = endpoint(listAdminUnits, ({ query: { at = todayInVietnam(), zone }, locals }) =>
	asCaller(locals, async (q) => adminUnitsGeoJSON(q, (await zoneOr404(q, zone)).id, at))
);
