import { msg } from '$lib/domain/api-text';
import { may } from '$lib/domain/permissions';
import { createTeamReport, listTeamReports } from '$lib/domain/contracts/team-reports';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { asCaller } from '$lib/server/read';

/** A self-managed team's report, filed by its team lead for their own team. */
export const POST = endpoint(createTeamReport, async ({ body: v, locals }) => {
	const p = locals.principal!;
	if (!may(p.capabilities, 'team_reports.file') || !p.team)
		refuse(403, undefined, msg('teamLeadOnly'));
	const [row] = await asCaller(locals, (q) =>
		q.query<{ id: number }>(
			`insert into team_reports (zone_id, team_id, submitted_by, kind, description, occurred_at, geom)
			select t.zone_id, t.id, $2, $3, $4, $5,
				case when $6::float8 is null then null else st_setsrid(st_makepoint($6, $7), 4326) end
			from security_teams t where t.id = $1
			returning id`,
			[p.team, p.id, v.kind, v.description, v.occurredAt, v.lon ?? null, v.lat ?? null]
		)
	);
	return row ? { id: row.id } : refuse(403, undefined, msg('teamHidden'));
});

/** Reports the caller may read: their own (team lead) or all in their zones (command). */
export const GET = endpoint(listTeamReports, async ({ locals }) => ({
	reports: await asCaller(locals, (q) =>
		q.query<{
			id: number;
			teamId: string;
			kind: string;
			description: string;
			occurredAt: string;
			lon: number | null;
			lat: number | null;
		}>(
			`select id, team_id as "teamId", kind, description,
				to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "occurredAt",
				st_x(geom) as lon, st_y(geom) as lat
			from team_reports order by created_at desc limit 500`
		)
	)
}));
