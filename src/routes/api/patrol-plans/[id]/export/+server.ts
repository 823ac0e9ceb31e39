import { PATROL_ENDPOINTS as E } from '$lib/domain/patrol-plans';
import { exportGeoJSON, exportGPX, exportKML } from '$lib/geo/patrol-files';
import { notFound } from '$lib/server/http';
import { asPatrolCaller, pathId, queryOf } from '$lib/server/patrols/patrol-http';
import { getPlan } from '$lib/server/patrols/plans.service';
import type { RequestHandler } from './$types';

const FILES = {
	geojson: { write: exportGeoJSON, type: 'application/geo+json', ext: 'geojson' },
	gpx: { write: exportGPX, type: 'application/gpx+xml', ext: 'gpx' },
	kml: { write: exportKML, type: 'application/vnd.google-earth.kml+xml', ext: 'kml' }
} as const;

/** The plan as a file for field devices: GeoJSON, GPX (areas as closed tracks) or KML. */
export const GET: RequestHandler = async (event) => {
	const id = pathId(event);
	if (!id.ok) return id.response;
	const query = queryOf(event, E['GET /api/patrol-plans/{id}/export'].query);
	if (!query.ok) return query.response;
	return asPatrolCaller(event, async (q) => {
		const plan = await getPlan(q, id.value);
		if (!plan) return notFound(event.locals.lang ?? 'vi', 'planNotFound', { id: id.value });
		const file = FILES[query.value.format];
		return new Response(file.write(plan), {
			headers: {
				'content-type': `${file.type}; charset=utf-8`,
				'content-disposition': `attachment; filename="patrol-plan-${plan.id}.${file.ext}"`,
				'cache-control': 'no-store'
			}
		});
	});
};
