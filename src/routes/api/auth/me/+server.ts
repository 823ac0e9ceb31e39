import { msg } from '$lib/domain/api-text';
import { me } from '$lib/domain/contracts/auth';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';

/** Who is signed in (401 when nobody): name, role and scopes, never a secret. */
export const GET = endpoint(me, ({ locals: { principal: p } }) => {
	if (!p) refuse(401, undefined, msg('signIn'));
	return {
		kind: p.kind,
		id: p.id,
		name: p.name,
		role: p.role,
		zones: p.zones,
		units: p.units,
		team: p.team
	};
});
