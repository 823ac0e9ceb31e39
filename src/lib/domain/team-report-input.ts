import { z } from 'zod';
import { msg } from './api-text';
import { hasControlChars } from './text';
import { notFuture, vnDateTime } from './time';

/** POST /api/team-reports: a self-managed team's report, filed by its team lead. */
export const teamReportCreate = z
	.object({
		kind: z.enum(['patrol', 'incident', 'suspicious', 'other']),
		description: z
			.string()
			.trim()
			.min(1, msg('required'))
			.max(4000)
			.refine((s) => !hasControlChars(s), msg('control')),
		occurredAt: notFuture(vnDateTime),
		lon: z.number().gte(-180).lte(180).optional(),
		lat: z.number().gte(-90).lte(90).optional()
	})
	.strict()
	.refine((v) => (v.lon === undefined) === (v.lat === undefined), {
		message: msg('lonLat'),
		path: ['lon']
	});
export type TeamReportCreate = z.infer<typeof teamReportCreate>;
