import { msg } from '$lib/domain/api-text';
import { importPatrolFile as importFile } from '$lib/domain/contracts/patrols';
import { detectFormat, fileProblemText, importPatrolFile, type Near } from '$lib/geo/patrol-files';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { requireWriter } from '$lib/server/patrols/patrol-http';
import { asCaller, zoneOr404 } from '$lib/server/read';

/**
 * Reads a GeoJSON, GPX or KML file into plan items; nothing is saved. A broken file is a 400 that
 * says what and where (line or feature), `code` `file.<problem>`.
 */
export const POST = endpoint(importFile, ({ query, body, locals, lang }) => {
	requireWriter(locals);
	const { text, fileName } = body;
	const format = body.format ?? detectFormat(fileName ?? '', text);
	if (!format) refuse(400, 'format', msg('file.format'));
	return asCaller(locals, async (q) => {
		const z = await zoneOr404(q, query.zone);
		const [box] = await q.query<{ b: Near }>(
			`select array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] as b
			from (select st_extent(boundary)::box2d as e from zones where id = $1) x`,
			[z.id]
		);
		const res = importPatrolFile(text, format, { near: box?.b });
		if (!res.ok) refuse(400, 'text', fileProblemText(lang, res.problem), { code: res.problem.key });
		return { format, items: res.items };
	});
});
