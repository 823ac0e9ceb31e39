import {
	adminUnitCollectionSchema,
	parkCollectionSchema,
	roadCollectionSchema,
	zoneCollectionSchema,
	type AdminUnitCollection,
	type ParkCollection,
	type RoadCollection,
	type ZoneFeature
} from '$lib/domain/map-features';

/** The map's base: one zone, its parks and roads, and the administrative units of one day. */
export interface ZoneData {
	zone: ZoneFeature;
	parks: ParkCollection;
	units: AdminUnitCollection;
	roads: RoadCollection;
	/** The Vietnam calendar day (YYYY-MM-DD) whose units these are. */
	unitsAt: string;
}

export type ZoneLoadErrorKind = 'http' | 'invalid' | 'no-zone';

/** A load failure the page can explain; `endpoint` names the call that failed. */
export class ZoneLoadError extends Error {
	constructor(
		readonly kind: ZoneLoadErrorKind,
		readonly endpoint: string,
		options?: { cause?: unknown }
	) {
		super(`${kind}: ${endpoint}`, options);
		this.name = 'ZoneLoadError';
	}
}

interface Parser<T> {
	safeParse(input: unknown): { success: true; data: T } | { success: false };
}

async function getJson<T>(
	fetchFn: typeof fetch,
	url: string,
	schema: Parser<T>,
	signal: AbortSignal
): Promise<T> {
	const endpoint = url.split('?')[0] ?? url;
	let res: Response;
	try {
		res = await fetchFn(url, {
			signal,
			headers: { accept: 'application/geo+json, application/json' }
		});
	} catch (cause) {
		if (signal.aborted) throw cause;
		throw new ZoneLoadError('http', endpoint, { cause });
	}
	if (!res.ok) throw new ZoneLoadError('http', endpoint, { cause: res.status });
	let body: unknown;
	try {
		body = await res.json();
	} catch (cause) {
		if (signal.aborted) throw cause;
		throw new ZoneLoadError('invalid', endpoint, { cause });
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) throw new ZoneLoadError('invalid', endpoint);
	return parsed.data;
}

export interface ZoneLoadOptions {
	signal: AbortSignal;
	/** The Vietnam calendar day (YYYY-MM-DD) whose administrative units are shown. */
	unitsAt: string;
}

/** The administrative units of a zone in force on a Vietnam calendar day. */
export function fetchAdminUnits(
	fetchFn: typeof fetch,
	zoneCode: string,
	at: string,
	signal: AbortSignal
): Promise<AdminUnitCollection> {
	const q = new URLSearchParams({ zone: zoneCode, at }).toString();
	return getJson(fetchFn, `/api/admin-units?${q}`, adminUnitCollectionSchema, signal);
}

/**
 * Fetches the zone, then its base layers in parallel, parsing each response at the trust
 * boundary. The layers are asked for by zone code so that they always belong to the zone shown,
 * even once several zones exist. Incidents and the other live layers load separately
 * (CommandMap), since they follow the filters.
 */
export async function fetchZoneData(
	fetchFn: typeof fetch,
	{ signal, unitsAt }: ZoneLoadOptions
): Promise<ZoneData> {
	const zones = await getJson(fetchFn, '/api/zones', zoneCollectionSchema, signal);
	const zone = zones.features[0];
	if (!zone) throw new ZoneLoadError('no-zone', '/api/zones');

	const forZone = new URLSearchParams({ zone: zone.properties.code }).toString();
	const [parks, units, roads] = await Promise.all([
		getJson(fetchFn, '/api/parks', parkCollectionSchema, signal),
		fetchAdminUnits(fetchFn, zone.properties.code, unitsAt, signal),
		getJson(fetchFn, `/api/roads?${forZone}`, roadCollectionSchema, signal)
	]);
	// /api/parks lists every zone's parks; keep this zone's.
	const zoneParks: ParkCollection = {
		...parks,
		features: parks.features.filter(
			(f) => f.properties.zoneId === undefined || f.properties.zoneId === zone.properties.id
		)
	};
	return { zone, parks: zoneParks, units, roads, unitsAt };
}
