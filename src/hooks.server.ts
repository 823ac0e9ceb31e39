import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { building, dev } from '$app/environment';
import { apiText, type ApiTextKey } from '$lib/domain/api-text';
import { authenticate } from '$lib/server/auth/authenticate';
import { DEFAULT_AUTH } from '$lib/server/auth/config';
import { isApiPath, isPublicApi, isPublicPage } from '$lib/server/auth/routes';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { withBasemapOrigins, withCspSources } from '$lib/server/basemap';
import { currentBasemap } from '$lib/server/basemap.config';
import { getDatabase } from '$lib/server/db/instance';
import { apiErrorShape, badRequest, refusal } from '$lib/server/http';
import { apiLang, LANG_COOKIE, pageLang } from '$lib/server/lang';
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
	const path = event.url.pathname;
	const api = isApiPath(path);
	const cookieLang = event.cookies.get(LANG_COOKIE);
	const choice = api
		? apiLang(event.url.searchParams, cookieLang, event.request.headers.get('accept-language'))
		: { ok: true, lang: pageLang(cookieLang) };
	const lang = choice.lang;
	event.locals.lang = lang;
	event.locals.ip = clientAddress(event);
	event.locals.userAgent = event.request.headers.get('user-agent') ?? '';
	if (!choice.ok) return secured(badRequest(lang, 'lang', 'langParam'), api);

	let authError: ApiTextKey | undefined;
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
		if (!state) return secured(refusal(lang, 503, 'starting'), api);
		return secured(
			refusal(lang, 401, authError ?? 'signIn', { headers: { 'www-authenticate': 'Bearer' } }),
			api
		);
	}
	if (!api && !isPublicPage(path) && !event.locals.principal) {
		redirect(303, `/login?next=${encodeURIComponent(path + event.url.search)}`);
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang)
	});
	const browserAuth = state?.auth?.browser;
	if (browserAuth && /^\/login\/?$/.test(path)) allowConnectTo(response, browserAuth.url);
	return secured(api ? await apiErrorShape(response, lang, event.request.method) : response, api);
};

/**
 * The login page talks to Supabase Auth from the browser when it is configured: its origin joins
 * `connect-src` there, and only there (svelte.config.js fixes the rest of the policy at build).
 */
function allowConnectTo(response: Response, url: string): void {
	const csp = response.headers.get('content-security-policy');
	if (!csp) return;
	response.headers.set(
		'content-security-policy',
		withCspSources(csp, ['connect-src'], [new URL(url).origin])
	);
}

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

/**
 * Unexpected errors: log an id and the message (never request data), return a safe message in
 * the caller's language (API answers carry it as `error`, see apiErrorShape).
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const id = crypto.randomUUID();
	if (status >= 500) {
		console.error(
			`[anninh] error ${id}: ${error instanceof Error ? error.message : String(error)}`
		);
	}
	const lang = event.locals.lang ?? 'vi';
	return { message: apiText(lang, status === 404 ? 'status.404' : 'status.500'), id };
};
