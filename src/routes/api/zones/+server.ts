import { listZones } from '$lib/domain/contracts/map';
import { endpoint } from '$lib/server/endpoint';
import { zonesGeoJSON } from '$lib/server/layers/zones.query';
import { asCaller } from '$lib/server/read';

export const GET = endpoint(listZones, ({ locals }) => asCaller(locals, zonesGeoJSON));
