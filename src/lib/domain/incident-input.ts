import { z } from 'zod';
import { msg, orRequired } from './api-text';
import { hasControlChars } from './text';
import { CATEGORY_CODES, INCIDENT_SOURCES, INCIDENT_STATUSES } from './categories';
import { vnDateTime } from './time';

const noControl = (s: string) => !hasControlChars(s);
const text = (max: number) => z.string().trim().max(max).refine(noControl, msg('control'));

const person = z
	.object({
		role: z.enum(['victim', 'suspect', 'witness', 'reporter']),
		name: text(120).optional(),
		birthYear: z.number().int().min(1900).max(2100).optional(),
		idNumber: text(20).optional(),
		phone: text(40).optional(),
		address: text(300).optional()
	})
	.strict();

/** POST /api/incidents. */
export const incidentCreate = z
	.object({
		category: z.enum(CATEGORY_CODES as [string, ...string[]], orRequired('category')),
		occurredAt: vnDateTime,
		lon: z.number().gte(-180).lte(180),
		lat: z.number().gte(-90).lte(90),
		severity: z.number().int().min(1).max(4).optional(),
		source: z.enum(INCIDENT_SOURCES).optional(),
		description: text(4000).optional(),
		reporterName: text(120).optional(),
		reporterPhone: text(40).optional(),
		people: z.array(person).max(50).optional(),
		zone: z
			.string()
			.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, msg('zoneCode'))
			.optional(),
		/** A point outside the zone is accepted only when the caller confirms it. */
		confirmOutsideZone: z.boolean().optional()
	})
	.strict();
export type IncidentCreate = z.infer<typeof incidentCreate>;

/** PATCH /api/incidents/:id. */
export const incidentPatch = z
	.object({
		status: z.enum(INCIDENT_STATUSES).optional(),
		category: z.enum(CATEGORY_CODES as [string, ...string[]], orRequired('category')).optional(),
		severity: z.number().int().min(1).max(4).optional(),
		occurredAt: vnDateTime.optional(),
		lon: z.number().gte(-180).lte(180).optional(),
		lat: z.number().gte(-90).lte(90).optional(),
		description: text(4000).optional(),
		reporterName: text(120).optional(),
		reporterPhone: text(40).optional(),
		people: z.array(person).max(50).optional()
	})
	.strict()
	.refine((v) => (v.lon === undefined) === (v.lat === undefined), {
		message: msg('lonLat'),
		path: ['lon']
	})
	.refine((v) => Object.keys(v).length > 0, { message: msg('nothingToChange'), path: ['body'] });
export type IncidentPatch = z.infer<typeof incidentPatch>;

/** The status workflow: new → handling → resolved / transferred (a new case may be transferred at once). */
export const NEXT_STATUS: Record<string, readonly string[]> = {
	new: ['handling', 'transferred'],
	handling: ['resolved', 'transferred'],
	resolved: [],
	transferred: []
};
