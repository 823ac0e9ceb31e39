/** Methods that change nothing: the origin rule lets them through (CORS keeps their answers). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The origin rule (issue 9 §5): a request that may change state and is not sent with a bearer
 * token must come from the app's own pages. A browser says where a request comes from in
 * `Sec-Fetch-Site` and `Origin`; when it says "not from here" the request is refused, whatever
 * its content type or body — SvelteKit's own check covers form content types only, and a page on
 * another port of the same host is the same *site*, so SameSite=Lax still sends our cookie.
 *
 * - `Sec-Fetch-Site` present and not `same-origin` → foreign (`same-site`, `cross-site`, `none`);
 * - `Origin` present and not the app's origin → foreign (`null` included);
 * - neither header: not a browser (curl, scripts, machine clients) → allowed;
 * - `Authorization` present: the credential is the header, which no other page can make a
 *   browser send; the cookie is then not used (see authenticate) → allowed.
 *
 * It holds for every such request, signed in or not: login (a login CSRF would sign the victim
 * into the attacker's account), logout, and the public tip line (another site must not make its
 * visitors' browsers file tips, spreading a flood over their addresses).
 *
 * The app's origin: `ORIGIN` when set (behind a proxy; adapter-node builds the request URL from
 * it too), compared exactly. Without it the server cannot know its scheme (adapter-node then
 * assumes https), so only the host and port are compared with the request URL's, which comes
 * from the Host header a page cannot forge.
 */
export function isForeignWrite(request: Request, url: URL, origin?: string): boolean {
	if (SAFE_METHODS.has(request.method)) return false;
	const h = request.headers;
	if (h.has('authorization')) return false;
	const site = h.get('sec-fetch-site');
	if (site !== null && site !== 'same-origin') return true;
	const from = h.get('origin');
	if (from === null) return false;
	if (origin) return from !== origin;
	try {
		return new URL(from).host !== url.host;
	} catch {
		// `null` (a sandboxed frame, a redirect) or garbage: not our pages.
		return true;
	}
}
