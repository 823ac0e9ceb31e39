import { listTeams } from '$lib/map/layers/teams/teams.contract';
import { teamsGeoJSON } from '$lib/server/layers/layers.query';
import { zoneLayer } from '$lib/server/layers/zone-layer.route';

export const GET = zoneLayer(listTeams, teamsGeoJSON);
