import { msg } from '$lib/domain/api-text';
import { exportPatrolPlan } from '$lib/domain/contracts/patrols';
import { exportGeoJSON, exportGPX, exportKML } from '$lib/geo/patrol-files';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { getPlan } from '$lib/server/patrols/plans.service';
import { asCaller } from '$lib/server/read';

const FILES = {
	geojson: { write: exportGeoJSON, type: 'application/geo+json', ext: 'geojson' },
	gpx: { write: exportGPX, type: 'application/gpx+xml', ext: 'gpx' },
	kml: { write: exportKML, type: 'application/vnd.google-earth.kml+xml', ext: 'kml' }
} as const;

/** The plan as a file for field devices: GeoJSON, GPX (areas as closed tracks) or KML. */
export const GET = endpoint(exportPatrolPlan, ({ params, query, locals }) =>
	asCaller(locals, async (q) => {
		const plan = await getPlan(q, params.id);
		if (!plan) refuse(404, undefined, msg('planNotFound', { id: params.id }));
		const file = FILES[query.format];
		return new Response(file.write(plan), {
			headers: {
				'content-type': `${file.type}; charset=utf-8`,
				'content-disposition': `attachment; filename="patrol-plan-${plan.id}.${file.ext}"`,
				'cache-control': 'no-store'
			}
		});
	})
);
