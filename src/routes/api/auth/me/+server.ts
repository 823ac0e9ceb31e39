import { json } from '@sveltejs/kit';
import { refusal } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Who is signed in (401 when nobody): name, role and scopes, never a secret. */
export const GET: RequestHandler = async ({ locals }) => {
	const p = locals.principal;
	if (!p) return refusal(locals.lang, 401, 'signIn');
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
