import { CONTRACTS, pathPattern } from '../contracts';

/**
 * Which API paths need no sign-in: those whose contract says `public`. Everything else does:
 * pages redirect, APIs answer 401.
 */
const PUBLIC_API: readonly (readonly [string, RegExp])[] = CONTRACTS.filter(
	(c) => c.contract.public
).map((c) => [c.contract.method, pathPattern(c.contract.path)] as const);

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
