/** The server's health and this API's own description. */
import * as z from 'zod/mini';
import { contract } from '../contract';

export const getHealth = contract({
	method: 'GET',
	path: '/api/health',
	tag: 'meta',
	public: true,
	summary: 'Whether the database is usable.',
	description:
		'Answered from a check the server runs every 2 s, never waiting for the database; 503 when that check failed or has not answered for 10 s.',
	answer: {
		description: 'Usable.',
		schema: z.object({
			ok: z.literal(true),
			engine: z.enum(['pglite', 'postgres']),
			postgis: z.string()
		})
	},
	refusals: {
		503: 'Not usable: `{ok: false, reason, error}`, the reason in `error` too.'
	}
});

export const getOpenApi = contract({
	method: 'GET',
	path: '/api/openapi.json',
	tag: 'meta',
	public: true,
	summary: 'This document (OpenAPI 3.1), generated from the endpoints’ contracts.',
	answer: {
		description: 'OpenAPI 3.1 document.',
		schema: z.looseObject({ openapi: z.literal('3.1.0') }),
		cache: 'public, max-age=300'
	}
});
