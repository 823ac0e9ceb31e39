/** Self-managed teams' reports, filed by their team leads. */
import * as z from 'zod/mini';
import { contract } from '../contract';
import { teamReportCreate } from '../team-report-input';
import { instant, uuid } from './shared';

export const teamReportSchema = z.object({
	id: z.number(),
	teamId: uuid,
	kind: z.string(),
	description: z.string(),
	occurredAt: instant,
	lon: z.nullable(z.number()),
	lat: z.nullable(z.number())
});

export const listTeamReports = contract({
	method: 'GET',
	path: '/api/team-reports',
	tag: 'teams',
	summary: 'Reports the caller may read: their own team (team lead) or their zones (command).',
	answer: {
		description: 'At most 500, newest first.',
		schema: z.object({ reports: z.array(teamReportSchema) })
	}
});

export const createTeamReport = contract({
	method: 'POST',
	path: '/api/team-reports',
	tag: 'teams',
	summary: "Files a report for the caller's own team (team leads only).",
	body: { schema: teamReportCreate, maxBytes: 32 * 1024 },
	answer: { status: 201, description: 'Filed.', schema: z.object({ id: z.number() }) },
	refusals: { 403: 'Team leads only, for their own team (`teamLeadOnly`, `teamHidden`).' }
});
