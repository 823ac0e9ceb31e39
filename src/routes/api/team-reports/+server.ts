import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { hasControlChars } from '$lib/domain/text';
import { readJson } from '$lib/server/body';
import { dbRefusal } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import type { RequestHandler } from './$types';

const ReportBody = z
	.object({
		kind: z.enum(['patrol', 'incident', 'suspicious', 'other']),
		description: z
			.string()
			.trim()
			.min(1, 'is required')
			.max(4000, 'must be at most 4000 characters')
			.refine((s) => !hasControlChars(s), 'must not contain control characters'),
		occurredAt: z
			.string()
			.max(40)
			.refine(
				(s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)),
				'must be an ISO 8601 date-time'
			)
			.refine((s) => Date.parse(s) <= Date.now() + 5 * 60_000, 'must not be in the future'),
		lon: z.number().gte(-180).lte(180).optional(),
		lat: z.number().gte(-90).lte(90).optional()
	})
	.strict()
	.refine((v) => (v.lon === undefined) === (v.lat === undefined), {
		message: 'lon and lat must be given together',
		path: ['lon']
	});

/** A self-managed team's report, filed by its team lead for their own team. */
export const POST: RequestHandler = async (event) => {
	const body = await readJson(event, ReportBody, 32 * 1024);
	if (!body.ok) return body.response;
	const p = event.locals.principal!;
	if (p.role !== 'team_lead' || !p.team) {
		return json({ error: 'forbidden: only a team lead files team reports' }, { status: 403 });
	}
	const v = body.value;
	try {
		const [row] = await asCaller(event.locals, (q) =>
			q.query<{ id: number }>(
				`insert into team_reports (zone_id, team_id, submitted_by, kind, description, occurred_at, geom)
				select t.zone_id, t.id, $2, $3, $4, $5,
					case when $6::float8 is null then null else st_setsrid(st_makepoint($6, $7), 4326) end
				from security_teams t where t.id = $1
				returning id`,
				[p.team, p.id, v.kind, v.description, v.occurredAt, v.lon ?? null, v.lat ?? null]
			)
		);
		if (!row) return json({ error: 'your team is not visible to you' }, { status: 403 });
		return json({ id: row.id }, { status: 201 });
	} catch (err) {
		return dbRefusal(err);
	}
};

/** Reports the caller may read: their own (team lead) or all in their zones (command). */
export const GET: RequestHandler = async ({ locals }) => {
	const rows = await asCaller(locals, (q) =>
		q.query(
			`select id, team_id as "teamId", kind, description,
				to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "occurredAt",
				st_x(geom) as lon, st_y(geom) as lat
			from team_reports order by created_at desc limit 500`
		)
	);
	return json({ reports: rows });
};
