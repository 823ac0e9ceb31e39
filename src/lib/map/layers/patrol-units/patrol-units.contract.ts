/** GET /api/patrol-positions/live: patrol units heard from in the last hour, with their track. */
import { patrolLiveAnswer, type LiveUnits } from '$lib/domain/patrol-answers';

export const patrolUnitsSchema = patrolLiveAnswer;
export type PatrolUnitFeature = LiveUnits['features'][number];
// The endpoint is described with the other patrol endpoints (src/lib/server/patrols/patrol-openapi.ts).
export const endpoints = [];
