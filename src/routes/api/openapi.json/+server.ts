import { getOpenApi } from '$lib/domain/contracts/meta';
import { endpoint } from '$lib/server/endpoint';
import { openApiDocument } from '$lib/server/openapi';

/** The API description (OpenAPI 3.1), generated from the contracts; public, like the API's errors. */
export const GET = endpoint(getOpenApi, () => openApiDocument());
