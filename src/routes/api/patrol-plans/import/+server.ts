import { zoneOnlyQuery } from '$lib/domain/params';
import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import {
	detectFormat,
	fileProblemText,
	importPatrolFile,
	MAX_PATROL_FILE_BYTES,
	type Near
} from '$lib/geo/patrol-files';
import { errorResponse, refusal } from '$lib/server/http';
import {
	asPatrolCaller,
	bodyOf,
	fresh,
	queryOf,
	writerOr403
} from '$lib/server/patrols/patrol-http';
import { zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

/**
 * Reads a GeoJSON, GPX or KML file into plan items; nothing is saved. A broken file is a 400 that
 * says what and where (line or feature), `code` `file.<problem>`.
 */
export const POST: RequestHandler = async (event) => {
	const lang = event.locals.lang ?? 'vi';
	const denied = writerOr403(event);
	if (denied) return denied;
	const zone = queryOf(event, zoneOnlyQuery);
	if (!zone.ok) return zone.response;
	const body = await bodyOf(
		event,
		E['POST /api/patrol-plans/import'].body,
		MAX_PATROL_FILE_BYTES + 4096
	);
	if (!body.ok) return body.response;
	const { text, fileName } = body.value;
	const format = body.value.format ?? detectFormat(fileName ?? '', text);
	if (!format) return refusal(lang, 400, 'file.format', { field: 'format' });
	return asPatrolCaller(event, async (q) => {
		const z = await zoneOr404(q, zone.value.zone, lang);
		const [box] = await q.query<{ b: Near }>(
			`select array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] as b
			from (select st_extent(boundary)::box2d as e from zones where id = $1) x`,
			[z.id]
		);
		const res = importPatrolFile(text, format, { near: box?.b });
		if (!res.ok)
			return errorResponse(
				400,
				`text: ${fileProblemText(lang, res.problem)}`,
				'text',
				{},
				res.problem.key
			);
		return fresh({ format, items: res.items });
	});
};
