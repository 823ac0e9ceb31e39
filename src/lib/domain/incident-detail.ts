/**
 * The shape of GET /api/incidents/{id} as the browser parses it before showing anything:
 * a GeoJSON Feature, with `details` only for roles allowed to see them.
 */
import * as z from 'zod/mini';
import { CATEGORY_GROUPS } from './categories';

const text = z.optional(z.nullable(z.string()));

const person = z.object({
	role: z.string(),
	name: text,
	birthYear: z.optional(z.nullable(z.number())),
	idNumber: text,
	phone: text,
	address: text
});

export const incidentDetailSchema = z.object({
	type: z.literal('Feature'),
	id: z.number(),
	geometry: z.object({
		type: z.literal('Point'),
		coordinates: z.tuple([z.number(), z.number()])
	}),
	properties: z.object({
		category: z.string(),
		categoryGroup: z.enum(CATEGORY_GROUPS),
		occurredAt: z.string(),
		reportedAt: text,
		severity: z.number(),
		status: z.string(),
		source: text,
		adminUnitCode: text,
		tipId: z.optional(z.nullable(z.number()))
	}),
	details: z.optional(
		z.object({
			description: z.nullable(z.string()),
			reporterName: z.nullable(z.string()),
			reporterPhone: z.nullable(z.string()),
			people: z.array(person)
		})
	)
});

export type IncidentDetail = z.infer<typeof incidentDetailSchema>;
export type IncidentPerson = z.infer<typeof person>;
