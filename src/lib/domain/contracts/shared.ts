/**
 * Pieces several contracts share: the usual query parameters, path ids, and the wire forms of
 * instants, counts and GeoJSON in answers.
 */
import * as z from 'zod/mini';
import { instantParam, positiveIdParam, zoneCodeParam } from '../params';

/** `?zone=`: which of the caller's zones. */
export const zoneParam = z
	.optional(zoneCodeParam)
	.check(z.describe('Zone code; default: the first zone in your scope.'));

/** The query of a layer of one zone. */
export const zoneOnly = z.strictObject({ zone: zoneParam });

/** `?from=&to=`: a window (`to` exclusive, later than `from`). */
export const windowParams = {
	from: z.optional(instantParam).check(z.describe('Start.')),
	to: z.optional(instantParam).check(z.describe('Exclusive end; must be later than `from`.'))
};

/** `/{id}`: a positive whole number. */
export const idParams = (what: string) =>
	z.object({ id: positiveIdParam.check(z.describe(`${what} id.`)) });

/** The refusal of an endpoint that takes `?zone=`. */
export const ZONE_NOT_FOUND = 'No such zone in your scope (`zone` names the unknown code).';

// Answers --------------------------------------------------------------------------------------

/** A GeoJSON layer of the caller's zone, built by PostgreSQL and sent as it is (`schema`: what it holds). */
export const geojsonLayer = <S extends z.ZodMiniType>(description: string, schema: S) =>
	({ description, schema, media: 'application/geo+json', text: true }) as const;

/** An instant as the API writes it: ISO 8601 in UTC (`…Z`). */
export const instant = z.string().check(z.meta({ format: 'date-time' }));
/** A day, `YYYY-MM-DD`. */
export const day = z.string().check(z.meta({ format: 'date' }));
export const uuid = z.string().check(z.meta({ format: 'uuid' }));

// Aggregates under the disclosure rule (README "Disclosure rule for aggregate-only roles") --------

export const DISCLOSURE_NOTE =
	'For a role that sees aggregates only (the board; `app.role_disclosure`) the window is widened to whole Vietnam (UTC+7) days ending no later than the start of today, every count is the sum of cell-key-perturbed counts of elementary cells (day × category × status × area) and is never 1 or 2, and a count below 3 is `null` ("< 3") with `suppressed: true`; every category, unit and status is listed. Other roles get exact counts and the window they asked for.';

/** A count as published: null is a suppressed value (below 3; protected answers only). */
export const publishedCount = z
	.nullable(z.number())
	.check(z.describe('null: suppressed, below 3 ("< 3"); protected answers only.'));

/** What every aggregate answer says about the window it counted and how it published counts. */
export const published = {
	window: z
		.object({ from: instant, to: instant })
		.check(z.describe('The window counted: whole Vietnam days for protected answers.')),
	disclosure: z
		.enum(['exact', 'protected'])
		.check(z.describe('`protected`: the disclosure rule applied (aggregate-only roles).')),
	suppressed: z.boolean().check(z.describe('Whether any count of the answer is null (below 3).'))
};
