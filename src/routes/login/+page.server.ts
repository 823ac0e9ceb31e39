import { getDatabase } from '$lib/server/db/instance';
import type { PageServerLoad } from './$types';

/** Whether the login page may offer Supabase Auth, and the two public values supabase-js needs. */
export const load: PageServerLoad = () => {
	let supabase = null;
	try {
		supabase = getDatabase().auth?.browser ?? null;
	} catch {
		// The database is still starting: built-in sign-in only (it answers 503 until then).
	}
	return { supabase };
};
