/**
 * What a map layer's endpoint promises, beside the response schema in the layer's
 * `*.contract.ts`: the OpenAPI document describes every layer endpoint from these
 * (src/lib/server/openapi.ts). Pure data: the server and the browser both import contracts.
 */

/** A query parameter that every map endpoint shares, described once in the OpenAPI document. */
export type SharedParameter = 'zone' | 'from' | 'to';

/** A query parameter of this endpoint alone. */
export interface OwnParameter {
	name: string;
	description: string;
	/** An instant or a day in the one time syntax (with examples), or a JSON Schema. */
	schema: { time: readonly string[] } | { json: Readonly<Record<string, unknown>> };
}

export interface LayerEndpoint {
	/** GET path; its query is validated by the route (src/routes/api/…/+server.ts). */
	path: `/api/${string}`;
	operationId: string;
	summary: string;
	parameters: readonly (SharedParameter | OwnParameter)[];
	/** What the 200 answer holds (a GeoJSON FeatureCollection). */
	response: string;
}
