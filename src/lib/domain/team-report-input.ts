import * as z from 'zod/mini';
import { msg } from './api-text';
import { hasControlChars } from './text';
import { notFuture, vnDateTime } from './time';

/** POST /api/team-reports: a self-managed team's report, filed by its team lead. */
export const teamReportCreate = z
	.strictObject({
		kind: z.enum(['patrol', 'incident', 'suspicious', 'other']),
		description: z.string().check(
			z.trim(),
			z.minLength(1, msg('required')),
			z.maxLength(4000),
			z.refine((s) => !hasControlChars(s), msg('control'))
		),
		occurredAt: notFuture(vnDateTime),
		lon: z.optional(z.number().check(z.gte(-180), z.lte(180))),
		lat: z.optional(z.number().check(z.gte(-90), z.lte(90)))
	})
	.check(
		z.refine((v) => (v.lon === undefined) === (v.lat === undefined), {
			message: msg('lonLat'),
			path: ['lon']
		})
	);
export type TeamReportCreate = z.infer<typeof teamReportCreate>;
