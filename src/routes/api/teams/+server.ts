import { listTeams } from '$lib/domain/contracts/map';
import { teamsGeoJSON } from '$lib/server/layers/layers.query';
import { zoneLayer } from '$lib/server/layers/zone-layer.route';

export const GET = zoneLayer(listTeams, teamsGeoJSON);
