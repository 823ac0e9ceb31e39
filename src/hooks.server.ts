import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building, dev } from '$app/environment';
import { startServer } from '$lib/server/startup';

export const init: ServerInit = async () => {
	if (building) return;
	await startServer({ checkPort: !dev });
};

export const handle: Handle = async ({ event, resolve }) => {
	const lang = event.cookies.get('lang') === 'en' ? 'en' : 'vi';
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang)
	});
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	return response;
};

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
