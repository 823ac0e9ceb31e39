import {
	adminUnitCollectionSchema,
	incidentCollectionSchema,
	parkCollectionSchema,
	roadCollectionSchema,
	zoneCollectionSchema,
	type AdminUnitCollection,
	type IncidentCollection,
	type ParkCollection,
	type RoadCollection,
	type ZoneFeature
} from '$lib/domain/map-features';
import { todayInVietnam } from '$lib/domain/time';

/** What the first page draws: one zone and the layers inside it. */
export interface ZoneData {
	zone: ZoneFeature;
	parks: ParkCollection;
	units: AdminUnitCollection;
	roads: RoadCollection;
	incidents: IncidentCollection;
	/** The incident window that was requested. */
	from: Date;
	to: Date;
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
	/** Epoch ms: the end of the incident window, and the day whose administrative units are shown. */
	now: number;
	periodDays: number;
}

/**
 * Fetches the zone, then its four layers in parallel, parsing each response at the trust
 * boundary. The layers are asked for by zone code so that they always belong to the zone shown,
 * even once several zones exist.
 */
export async function fetchZoneData(
	fetchFn: typeof fetch,
	{ signal, now: nowMs, periodDays }: ZoneLoadOptions
): Promise<ZoneData> {
	const now = new Date(nowMs);
	const zones = await getJson(fetchFn, '/api/zones', zoneCollectionSchema, signal);
	const zone = zones.features[0];
	if (!zone) throw new ZoneLoadError('no-zone', '/api/zones');

	const from = new Date(now.getTime() - periodDays * 24 * 60 * 60 * 1000);
	const forZone = (params: Record<string, string> = {}) =>
		new URLSearchParams({ zone: zone.properties.code, ...params }).toString();

	const [parks, units, roads, incidents] = await Promise.all([
		getJson(fetchFn, '/api/parks', parkCollectionSchema, signal),
		// Units in force today in Vietnam, not in the viewer's own time zone.
		getJson(
			fetchFn,
			`/api/admin-units?${forZone({ at: todayInVietnam(now) })}`,
			adminUnitCollectionSchema,
			signal
		),
		getJson(fetchFn, `/api/roads?${forZone()}`, roadCollectionSchema, signal),
		getJson(
			fetchFn,
			`/api/incidents?${forZone({ from: from.toISOString(), to: now.toISOString() })}`,
			incidentCollectionSchema,
			signal
		)
	]);
	// /api/parks lists every zone's parks; keep this zone's.
	const zoneParks: ParkCollection = {
		...parks,
		features: parks.features.filter(
			(f) => f.properties.zoneId === undefined || f.properties.zoneId === zone.properties.id
		)
	};
	return { zone, parks: zoneParks, units, roads, incidents, from, to: now };
}
