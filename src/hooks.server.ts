import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { building, dev } from '$app/environment';
import { apiText, type ApiTextKey, type Lang } from '$lib/domain/api-text';
import { authenticate } from '$lib/server/auth/authenticate';
import { DEFAULT_AUTH } from '$lib/server/auth/config';
import { isApiPath, isPublicApi, isPublicPage } from '$lib/server/auth/routes';
import { SESSION_COOKIE, sha256 } from '$lib/server/auth/sessions';
import { compressResponse } from '$lib/server/compress';
import { withBasemapOrigins, withCspSources } from '$lib/server/basemap';
import { currentBasemap } from '$lib/server/basemap.config';
import { withCallerKey } from '$lib/server/db/fair-gate';
import { getDatabase, type DatabaseState } from '$lib/server/db/instance';
import { enterInFlight } from '$lib/server/guard/in-flight';
import { isForeignWrite } from '$lib/server/guard/origin';
import { DEFAULT_REQUEST_POLICY } from '$lib/server/guard/policy';
import { apiErrorShape, faultSummary, refusalByKey } from '$lib/server/http';
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

/**
 * Who a request acts for, before any database work: the credential it carries (bearer token or
 * session cookie, hashed), else nobody. It keys the cap on requests in progress and the embedded
 * engine's queue (FairGate), so a burst from one credential waits behind itself.
 */
function credentialKeyOf(event: Parameters<Handle>[0]['event']): string | undefined {
	const credential =
		event.request.headers.get('authorization') ?? event.cookies.get(SESSION_COOKIE);
	return credential ? `credential:${sha256(credential)}` : undefined;
}

export const handle: Handle = async (input) => {
	const key = credentialKeyOf(input.event);
	const response = await withCallerKey(key ?? `address:${clientAddress(input.event)}`, () =>
		handleRequest(input, key)
	);
	return compressResponse(input.event.request, response);
};

async function handleRequest(
	{ event, resolve }: Parameters<Handle>[0],
	credentialKey: string | undefined
): Promise<Response> {
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
	if (!choice.ok) return secured(refusalByKey(lang, 400, 'langParam', { field: 'lang' }), api);
	let state;
	try {
		state = getDatabase();
	} catch {
		state = undefined;
	}
	const policy = state?.requests ?? DEFAULT_REQUEST_POLICY;
	if (isForeignWrite(event.request, event.url, policy.origin)) {
		return secured(refusalByKey(lang, 403, 'crossOrigin'), api);
	}
	// Requests in progress are capped per credential, counted from arrival (before any database
	// work: a refused request costs nothing), so a burst cannot starve everyone else. The event
	// stream is left out: it stays open for the whole visit and costs no queries. Requests
	// without a credential are anonymous; the tip line and login have limits of their own.
	const release =
		credentialKey && path !== '/api/stream'
			? enterInFlight(credentialKey, policy.maxInFlight)
			: () => {};
	if (!release) {
		return secured(
			refusalByKey(lang, 429, 'busy', { params: { limit: policy.maxInFlight }, retryAfter: 1 }),
			api
		);
	}
	try {
		return await authorised(event, resolve, state, api, lang);
	} finally {
		release();
	}
}

async function authorised(
	event: Parameters<Handle>[0]['event'],
	resolve: Parameters<Handle>[0]['resolve'],
	state: DatabaseState | undefined,
	api: boolean,
	lang: Lang
): Promise<Response> {
	const path = event.url.pathname;

	let authError: ApiTextKey | undefined;
	if (state) {
		const out = await authenticate(state.db, state.auth ?? DEFAULT_AUTH, {
			authorization: event.request.headers.get('authorization'),
			sessionToken: event.cookies.get(SESSION_COOKIE)
		});
		event.locals.principal = out.principal;
		authError = out.error;
	}

	if (api && !isPublicApi(event.request.method, path) && !event.locals.principal) {
		if (!state) return secured(refusalByKey(lang, 503, 'starting'), api);
		return secured(
			refusalByKey(lang, 401, authError ?? 'signIn', { headers: { 'www-authenticate': 'Bearer' } }),
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
}

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
 * Unexpected errors: log an id with the error's kind, SQLSTATE and where it was thrown (never its
 * message, which can quote request data), return a safe message in the caller's language (API
 * answers carry it as `error`, see apiErrorShape).
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const id = crypto.randomUUID();
	if (status >= 500) console.error(`[anninh] error ${id}: ${faultSummary(error)}`);
	const lang = event.locals.lang ?? 'vi';
	return { message: apiText(lang, status === 404 ? 'status.404' : 'status.500'), id };
};
