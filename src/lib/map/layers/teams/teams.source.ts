import { zoneSource } from '../zone-source';
import { teamCollectionSchema, teamsEndpoint } from './teams.contract';

export const teams = zoneSource(teamsEndpoint, teamCollectionSchema);
