/**
 * The shape of GET /api/incidents/{id} as the browser shows it: the endpoint's own contract
 * (src/lib/domain/contracts/incidents.ts), a GeoJSON Feature with `details` only for roles
 * allowed to see them.
 */
import type { Incident } from './contracts/incidents';

export type IncidentDetail = Incident;
export type IncidentPerson = NonNullable<Incident['details']>['people'][number];
