import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/openapi';
import type { RequestHandler } from './$types';

/** The API description (OpenAPI 3.1); public, like the API's own error messages. */
export const GET: RequestHandler = () =>
	json(openApiDocument, { headers: { 'cache-control': 'public, max-age=300' } });
