/** How the incidents are drawn (URL `mode`): `auto` shows points, or hexagon counts at low zoom and for large counts. */
export const INCIDENT_MODES = ['auto', 'points', 'hex'] as const;
export type IncidentMode = (typeof INCIDENT_MODES)[number];
