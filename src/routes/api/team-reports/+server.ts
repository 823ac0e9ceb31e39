import { json } from '@sveltejs/kit';
import { may } from '$lib/domain/permissions';
import { teamReportCreate } from '$lib/domain/team-report-input';
import { readJson } from '$lib/server/body';
import { refusal, refusalOrThrow } from '$lib/server/http';
import { asCaller } from '$lib/server/read';
import type { RequestHandler } from './$types';

/** A self-managed team's report, filed by its team lead for their own team. */
export const POST: RequestHandler = async (event) => {
	const body = await readJson(event, teamReportCreate, 32 * 1024, event.locals.lang);
	if (!body.ok) return body.response;
	const p = event.locals.principal!;
	if (!may(p.capabilities, 'team_reports.file') || !p.team) {
		return refusal(event.locals.lang, 403, 'teamLeadOnly');
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
		if (!row) return refusal(event.locals.lang, 403, 'teamHidden');
		return json({ id: row.id }, { status: 201 });
	} catch (err) {
		return refusalOrThrow(err, event.locals.lang);
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
