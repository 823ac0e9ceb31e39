import * as z from 'zod/mini';
import { msg, orRequired } from './api-text';
import { hasControlChars } from './text';
import { CATEGORY_CODES, INCIDENT_SOURCES, INCIDENT_STATUSES } from './categories';
import { ZONE_CODE } from './params';
import { vnDateTime } from './time';

const noControl = (s: string) => !hasControlChars(s);
const text = (max: number) =>
	z.string().check(z.trim(), z.maxLength(max), z.refine(noControl, msg('control')));
const lon = z.number().check(z.gte(-180), z.lte(180));
const lat = z.number().check(z.gte(-90), z.lte(90));
const severity = z.number().check(z.int(), z.minimum(1), z.maximum(4));
const category = z.enum(CATEGORY_CODES, orRequired('category'));

const person = z.strictObject({
	role: z.enum(['victim', 'suspect', 'witness', 'reporter']),
	name: z.optional(text(120)),
	birthYear: z.optional(z.number().check(z.int(), z.minimum(1900), z.maximum(2100))),
	idNumber: z.optional(text(20)),
	phone: z.optional(text(40)),
	address: z.optional(text(300))
});

/** The detail fields (description and the personal fields) a create or a patch may set. */
const details = {
	description: z.optional(text(4000)),
	reporterName: z.optional(text(120)),
	reporterPhone: z.optional(text(40)),
	people: z.optional(z.array(person).check(z.maxLength(50)))
};

/** Both of lon and lat, or neither. */
const lonWithLat = z.refine<{ lon?: number; lat?: number }>(
	(v) => (v.lon === undefined) === (v.lat === undefined),
	{ message: msg('lonLat'), path: ['lon'] }
);

/** POST /api/incidents. */
export const incidentCreate = z.strictObject({
	category,
	occurredAt: vnDateTime,
	lon,
	lat,
	severity: z.optional(severity),
	source: z.optional(z.enum(INCIDENT_SOURCES)),
	...details,
	zone: z.optional(z.string().check(z.regex(ZONE_CODE, msg('zoneCode')))),
	/** A point outside the zone is accepted only when the caller confirms it. */
	confirmOutsideZone: z.optional(z.boolean())
});
export type IncidentCreate = z.infer<typeof incidentCreate>;

/** PATCH /api/incidents/:id. */
export const incidentPatch = z
	.strictObject({
		status: z.optional(z.enum(INCIDENT_STATUSES)),
		category: z.optional(category),
		severity: z.optional(severity),
		occurredAt: z.optional(vnDateTime),
		lon: z.optional(lon),
		lat: z.optional(lat),
		...details
	})
	.check(
		lonWithLat,
		z.refine((v) => Object.keys(v).length > 0, { message: msg('nothingToChange'), path: ['body'] })
	);
export type IncidentPatch = z.infer<typeof incidentPatch>;

/** The status workflow: new → handling → resolved / transferred (a new case may be transferred at once). */
export const NEXT_STATUS: Record<string, readonly string[]> = {
	new: ['handling', 'transferred'],
	handling: ['resolved', 'transferred'],
	resolved: [],
	transferred: []
};
