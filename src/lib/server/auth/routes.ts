/** Which paths need no sign-in. Everything else does: pages redirect, APIs answer 401. */
const PUBLIC_API: readonly (readonly [string, RegExp])[] = [
	['GET', /^\/api\/health$/],
	['POST', /^\/api\/auth\/login$/],
	['POST', /^\/api\/auth\/supabase$/],
	['POST', /^\/api\/auth\/logout$/],
	['GET', /^\/api\/auth\/me$/],
	['GET', /^\/api\/openapi\.json$/],
	['POST', /^\/api\/tips$/],
	['GET', /^\/api\/tips\/status$/],
	['GET', /^\/api\/public\/zone$/]
];

const PUBLIC_PAGES = [/^\/login\/?$/, /^\/tip(\/.*)?$/];

export function isApiPath(path: string): boolean {
	return path === '/api' || path.startsWith('/api/');
}

export function isPublicApi(method: string, path: string): boolean {
	const m = method === 'HEAD' ? 'GET' : method;
	return PUBLIC_API.some(([verb, re]) => verb === m && re.test(path));
}

export function isPublicPage(path: string): boolean {
	return (
		PUBLIC_PAGES.some((re) => re.test(path)) || path.startsWith('/_app/') || path === '/favicon.svg'
	);
}
