import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Who is signed in (401 when nobody): name, role and scopes, never a secret. */
export const GET: RequestHandler = async ({ locals }) => {
	const p = locals.principal;
	if (!p) return json({ error: 'not signed in' }, { status: 401 });
	return json({
		kind: p.kind,
		id: p.id,
		name: p.name,
		role: p.role,
		zones: p.zones,
		units: p.units,
		team: p.team
	});
};
