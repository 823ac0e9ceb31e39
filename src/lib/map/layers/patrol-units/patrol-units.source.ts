import { get, query } from '$lib/api/client';
import type { LayerSource } from '../layer-spec';
import type { LiveUnits } from '$lib/domain/patrol-answers';
import { patrolUnitsSchema } from './patrol-units.contract';

/** Live units: reloaded when the stream says a unit moved (within the 2 s the issue asks). */
export const patrolUnits: LayerSource<LiveUnits> = {
	load: ({ zone }, signal) =>
		get(`/api/patrol-positions/live${query({ zone })}`, patrolUnitsSchema, { signal }),
	live: 'position'
};
