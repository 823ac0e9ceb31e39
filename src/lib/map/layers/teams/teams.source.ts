import { zoneSource } from '../zone-source';
import { listTeams } from './teams.contract';

export const teams = zoneSource(listTeams);
