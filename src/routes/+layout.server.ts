import type { Capabilities } from '$lib/domain/permissions';
import { asCaller } from '$lib/server/read';
import type { LayoutServerLoad } from './$types';

/**
 * The page language, who is signed in (name and role, for display) and what they may do: the
 * database's answer for the caller (`app.capabilities()`, one call as the caller), so no page or
 * component decides by role. Null when signed out.
 */
export const load: LayoutServerLoad = async ({ locals }) => {
	const p = locals.principal;
	if (!p) return { lang: locals.lang, user: null, capabilities: null };
	const [row] = await asCaller(locals, (q) =>
		q.query<{ capabilities: Capabilities }>(`select app.capabilities() as capabilities`)
	);
	return {
		lang: locals.lang,
		user: { name: p.name, role: p.role },
		capabilities: row!.capabilities
	};
};
