import type { LayoutServerLoad } from './$types';

/** The page language and who is signed in (name and role only) for every page. */
export const load: LayoutServerLoad = ({ locals }) => ({
	lang: locals.lang,
	user: locals.principal ? { name: locals.principal.name, role: locals.principal.role } : null
});
