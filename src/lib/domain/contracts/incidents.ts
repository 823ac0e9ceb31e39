/** Incidents: rows for the roles that may read them, and their aggregates. */
import * as z from 'zod/mini';
import {
	CATEGORY_CODES,
	CATEGORY_GROUPS,
	INCIDENT_SOURCES,
	INCIDENT_STATUSES
} from '../categories';
import { contract } from '../contract';
import { incidentCreate, incidentPatch } from '../incident-input';
import { INCIDENT_COLUMNS_MEDIA_TYPE } from '../incident-wire';
import { incidentCollectionSchema } from '../map-features';
import { bboxParam, categoriesParam, intParam } from '../params';
import {
	DISCLOSURE_NOTE,
	idParams,
	instant,
	published,
	publishedCount,
	windowParams,
	ZONE_NOT_FOUND,
	zoneParam
} from './shared';

/** The query of the incident row endpoints (`limit` default: the endpoint's). */
const incidentsQuery = (defaultLimit: string) =>
	z.strictObject({
		bbox: z.optional(bboxParam).check(
			z.meta({
				description: 'minLon,minLat,maxLon,maxLat (WGS 84).',
				examples: ['106.54,20.85,106.62,20.90']
			})
		),
		...windowParams,
		category: z.optional(categoriesParam).check(
			z.meta({
				description: 'Comma-separated incident category codes.',
				examples: ['theft,robbery']
			})
		),
		zone: zoneParam,
		limit: z
			.optional(intParam(1, 100_000))
			.check(z.describe(`Maximum rows (default ${defaultLimit}, at most 100,000).`))
	});

const ROWS_FORBIDDEN =
	'The board and team leads see aggregates only: never an incident row (`aggregatesOnly`).';

const person = z.object({
	role: z.enum(['victim', 'suspect', 'witness', 'reporter']),
	name: z.optional(z.nullable(z.string())),
	birthYear: z.optional(z.nullable(z.number())),
	idNumber: z.optional(z.nullable(z.string())),
	phone: z.optional(z.nullable(z.string())),
	address: z.optional(z.nullable(z.string()))
});

/** One incident as a GeoJSON Feature; `details` only for roles allowed to see them. */
export const incidentSchema = z.object({
	type: z.literal('Feature'),
	id: z.number(),
	geometry: z.object({
		type: z.literal('Point'),
		coordinates: z.tuple([z.number(), z.number()], z.number())
	}),
	properties: z.object({
		id: z.number(),
		category: z.enum(CATEGORY_CODES),
		categoryGroup: z.enum(CATEGORY_GROUPS),
		occurredAt: instant,
		reportedAt: z.optional(z.nullable(instant)),
		severity: z.number().check(z.int(), z.minimum(1), z.maximum(4)),
		status: z.enum(INCIDENT_STATUSES),
		source: z.optional(z.nullable(z.enum(INCIDENT_SOURCES))),
		adminUnitCode: z.optional(z.nullable(z.string())),
		tipId: z.optional(z.nullable(z.number())),
		updatedAt: z.optional(instant)
	}),
	details: z.optional(
		z
			.object({
				description: z.nullable(z.string()),
				reporterName: z.nullable(z.string()),
				reporterPhone: z.nullable(z.string()),
				people: z.array(person)
			})
			.check(
				z.describe(
					'Only for roles allowed to see it; every read of these fields is written to the audit trail.'
				)
			)
	)
});
export type Incident = z.infer<typeof incidentSchema>;

export const listIncidents = contract({
	method: 'GET',
	path: '/api/incidents',
	tag: 'incidents',
	summary: 'Incidents, newest first (not for the board and team leads: 403).',
	query: incidentsQuery('10,000'),
	answer: {
		description: 'Incidents; `truncated` says whether `limit` cut the list.',
		schema: incidentCollectionSchema,
		media: 'application/geo+json',
		text: true,
		headers: {
			'x-result-count': { description: 'Features returned.', schema: z.string() },
			'x-result-truncated': {
				description: 'Whether `limit` cut the list (`true`, `false`).',
				schema: z.enum(['true', 'false'])
			}
		}
	},
	refusals: { 403: ROWS_FORBIDDEN, 404: ZONE_NOT_FOUND }
});

export const createIncident = contract({
	method: 'POST',
	path: '/api/incidents',
	tag: 'incidents',
	summary: 'Records an incident (dispatchers and admins in their zones, liaisons in their units).',
	body: { schema: incidentCreate, maxBytes: 64 * 1024 },
	answer: {
		status: 201,
		description: 'Created.',
		schema: incidentSchema,
		headers: { location: { description: '/api/incidents/{id}', schema: z.string() } }
	},
	refusals: {
		400: {
			description:
				'A field is invalid; `outside_zone`: the point lies outside the zone, send `confirmOutsideZone: true` if it is right.',
			codes: ['outside_zone']
		},
		404: ZONE_NOT_FOUND
	}
});

export const getIncident = contract({
	method: 'GET',
	path: '/api/incidents/{id}',
	tag: 'incidents',
	summary: 'One incident; `details` only for roles allowed to see them (audited).',
	params: idParams('Incident'),
	answer: { description: 'The incident.', schema: incidentSchema },
	refusals: { 403: ROWS_FORBIDDEN, 404: 'No such incident in your scope.' },
	personal: ['reporterName', 'reporterPhone', 'people']
});

export const patchIncident = contract({
	method: 'PATCH',
	path: '/api/incidents/{id}',
	tag: 'incidents',
	summary: 'Edits an incident; the status moves only along new → handling → resolved/transferred.',
	params: idParams('Incident'),
	body: { schema: incidentPatch, maxBytes: 64 * 1024 },
	answer: { description: 'The incident after the change.', schema: incidentSchema },
	refusals: {
		404: 'No such incident in your scope.',
		409: 'The status cannot move that way, or it changed meanwhile.'
	}
});

export const incidentColumnsSchema = z.object({
	count: z.number(),
	truncated: z.boolean(),
	id: z.array(z.number()),
	lon: z.array(z.number()),
	lat: z.array(z.number()),
	category: z.array(z.string()),
	severity: z.array(z.number()),
	status: z.array(z.string()),
	/** Epoch seconds. */
	occurredAt: z.array(z.number())
});

export const incidentColumns = contract({
	method: 'GET',
	path: '/api/incidents/columns',
	tag: 'incidents',
	summary:
		'The same filter as /api/incidents as columns for the map (default limit 50,000), newest first.',
	description:
		'Columnar JSON by default: parallel arrays, one entry per incident, `occurredAt` in epoch seconds. With `Accept: ' +
		INCIDENT_COLUMNS_MEDIA_TYPE +
		'` the same columns come as a binary frame (src/lib/domain/incident-wire.ts): "AIC2", a big-endian uint32 header ' +
		'length, a JSON header {count, truncated, categories, statuses}, then count records ' +
		'of 20 bytes, big-endian: id uint32, lon and lat int32 in 10⁻⁷ degree, occurredAt ' +
		'uint32 epoch seconds, uint32 category << 16 | severity << 8 | status (category and ' +
		'status as 1-based positions in the header lists; "" marks a retired category number).',
	query: incidentsQuery('50,000'),
	requestHeaders: {
		accept: {
			description: `\`${INCIDENT_COLUMNS_MEDIA_TYPE}\` for the binary frame.`,
			schema: z.string()
		}
	},
	answer: {
		description: 'Columns.',
		schema: incidentColumnsSchema,
		alternatives: { [INCIDENT_COLUMNS_MEDIA_TYPE]: 'The binary frame (see the description).' },
		headers: { vary: { description: '`Accept`.', schema: z.string() } }
	},
	refusals: { 403: ROWS_FORBIDDEN, 404: ZONE_NOT_FOUND }
});

export const incidentStats = contract({
	method: 'GET',
	path: '/api/stats/incidents',
	tag: 'incidents',
	summary: 'Incident counts by category and administrative unit (default: last 30 days).',
	description: `Margins (and the total) are sums of the published cells of a category × unit table, so subtracting the visible parts of a total leaves 0. ${DISCLOSURE_NOTE}`,
	query: z.strictObject({ ...windowParams, zone: zoneParam }),
	answer: {
		description: 'Counts.',
		schema: z.object({
			from: instant.check(z.describe('The window asked for.')),
			to: instant,
			...published,
			total: publishedCount,
			byCategory: z.record(z.string(), publishedCount),
			byUnit: z
				.record(z.string(), publishedCount)
				.check(z.describe('By administrative unit code; `unknown`: no unit.'))
		})
	},
	refusals: { 403: 'Liaison officers and team leads get no aggregate.', 404: ZONE_NOT_FOUND }
});
