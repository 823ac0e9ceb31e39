import { currentBasemap } from '$lib/server/basemap.config';
import type { PageServerLoad } from './$types';

/** The live map needs to know its basemap (offline unless configured; never a file path). */
export const load: PageServerLoad = () => ({ basemap: currentBasemap().public });
