import { listParks } from '$lib/domain/contracts/map';
import { endpoint } from '$lib/server/endpoint';
import { parksGeoJSON } from '$lib/server/layers/zones.query';
import { asCaller } from '$lib/server/read';

export const GET = endpoint(listParks, ({ locals }) => asCaller(locals, parksGeoJSON));
