import {
	json,
	redirect,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { building, dev } from '$app/environment';
import { authenticate } from '$lib/server/auth/authenticate';
import { DEFAULT_AUTH } from '$lib/server/auth/config';
import { isApiPath, isPublicApi, isPublicPage } from '$lib/server/auth/routes';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { withBasemapOrigins } from '$lib/server/basemap';
import { currentBasemap } from '$lib/server/basemap.config';
import { getDatabase } from '$lib/server/db/instance';
import { startServer } from '$lib/server/startup';

export const init: ServerInit = async () => {
	if (building) return;
	await startServer({ checkPort: !dev });
};

function clientAddress(event: Parameters<Handle>[0]['event']): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

export const handle: Handle = async ({ event, resolve }) => {
	const lang = event.cookies.get('lang') === 'en' ? 'en' : 'vi';
	event.locals.lang = lang;
	event.locals.ip = clientAddress(event);
	event.locals.userAgent = event.request.headers.get('user-agent') ?? '';
	const path = event.url.pathname;
	const api = isApiPath(path);

	let authError: string | undefined;
	let state;
	try {
		state = getDatabase();
	} catch {
		state = undefined;
	}
	if (state) {
		const out = await authenticate(state.db, state.auth ?? DEFAULT_AUTH, {
			authorization: event.request.headers.get('authorization'),
			sessionToken: event.cookies.get(SESSION_COOKIE)
		});
		event.locals.principal = out.principal;
		authError = out.error;
	}

	if (api && !isPublicApi(event.request.method, path) && !event.locals.principal) {
		if (!state)
			return secured(
				json({ error: 'database unavailable: the server is starting' }, { status: 503 }),
				api
			);
		return secured(
			json(
				{ error: authError ?? (lang === 'vi' ? 'Cần đăng nhập' : 'Sign in first') },
				{ status: 401, headers: { 'www-authenticate': 'Bearer' } }
			),
			api
		);
	}
	if (!api && !isPublicPage(path) && !event.locals.principal) {
		redirect(303, `/login?next=${encodeURIComponent(path + event.url.search)}`);
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang)
	});
	return secured(response, api);
};

/**
 * Security headers on every answer. Pages get their Content-Security-Policy from `kit.csp`
 * (svelte.config.js, with nonces for Kit's inline scripts); API answers are data, never a
 * document, so theirs allows nothing at all, should one ever be opened or framed as a page.
 */
function secured(response: Response, api: boolean): Response {
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(self)');
	if (api && !response.headers.has('content-security-policy')) {
		response.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	}
	// A configured online or remote PMTiles basemap: its origin, and only then, may be fetched.
	const csp = api ? null : response.headers.get('content-security-policy');
	if (csp) {
		const origins = currentBasemap().origins;
		if (origins.length > 0)
			response.headers.set('content-security-policy', withBasemapOrigins(csp, origins));
	}
	return response;
}

/** Unexpected errors: log an id and the message (never request data), return a safe message. */
export const handleError: HandleServerError = ({ error, status }) => {
	const id = crypto.randomUUID();
	if (status >= 500) {
		console.error(
			`[anninh] error ${id}: ${error instanceof Error ? error.message : String(error)}`
		);
	}
	return { message: status === 404 ? 'Not found' : 'Internal error', id };
};
