import { createContext } from 'svelte';
import { ApiError, call, type RequestOptions } from '$lib/api/client';
import { listAdminUnits, listParks, listRoads, listZones } from '$lib/domain/contracts/map';
import {
	type AdminUnitCollection,
	type ParkCollection,
	type RoadCollection,
	type ZoneFeature
} from '$lib/domain/map-features';
import { todayInVietnam } from '$lib/domain/time';

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
export interface ZoneLoadError {
	kind: ZoneLoadErrorKind;
	endpoint: string;
}

const GEOJSON = 'application/geo+json, application/json';

/** The administrative units of a zone in force on a Vietnam calendar day. */
function fetchAdminUnits(zoneCode: string, at: string, options: RequestOptions) {
	return call(listAdminUnits, { query: { zone: zoneCode, at } }, options);
}

/**
 * Fetches the zone, then its base layers in parallel. The layers are asked for by zone code so
 * that they always belong to the zone shown, even once several zones exist. Incidents and the
 * other live layers load separately (CommandMap), since they follow the filters. Null: no zone.
 */
async function fetchZoneData(unitsAt: string, options: RequestOptions): Promise<ZoneData | null> {
	const zones = await call(listZones, {}, options);
	const zone = zones.features[0];
	if (!zone) return null;

	const [parks, units, roads] = await Promise.all([
		call(listParks, {}, options),
		fetchAdminUnits(zone.properties.code, unitsAt, options),
		call(listRoads, { query: { zone: zone.properties.code } }, options)
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

type Status = 'idle' | 'loading' | 'ready' | 'error';

/**
 * The zone the map shows and its base layers (parks, roads, the administrative units in force on
 * one day), with their load state.
 */
export class ZoneView {
	status = $state<Status>('idle');
	/** Raw: the collections are replaced whole, never mutated, so deep proxies would be waste. */
	data = $state.raw<ZoneData | null>(null);
	error = $state.raw<ZoneLoadError | null>(null);

	#controller: AbortController | null = null;
	#unitsController: AbortController | null = null;

	/**
	 * Loads (or reloads) everything; a newer call aborts the one still in flight. `unitsAt` is the
	 * Vietnam day whose units are shown (the end of the selected period; today by default).
	 */
	async load(fetchFn: typeof fetch = fetch, unitsAt: string = todayInVietnam()): Promise<void> {
		this.#controller?.abort();
		this.#unitsController?.abort();
		const controller = new AbortController();
		this.#controller = controller;
		this.status = 'loading';
		this.error = null;
		try {
			const options = { signal: controller.signal, fetch: fetchFn, accept: GEOJSON };
			const data = await fetchZoneData(unitsAt, options);
			if (controller.signal.aborted) return;
			if (!data) {
				this.error = { kind: 'no-zone', endpoint: '/api/zones' };
				this.status = 'error';
				return;
			}
			this.data = data;
			this.status = 'ready';
		} catch (err) {
			if (controller.signal.aborted) return;
			this.error =
				err instanceof ApiError
					? { kind: err.status === -1 ? 'invalid' : 'http', endpoint: err.endpoint }
					: { kind: 'http', endpoint: '/api' };
			this.status = 'error';
		} finally {
			if (this.#controller === controller) this.#controller = null;
		}
	}

	/** Swaps in the units in force on another day (the end of a newly chosen period). */
	async loadUnits(at: string, fetchFn: typeof fetch = fetch): Promise<void> {
		const current = this.data;
		if (!current) return this.load(fetchFn, at);
		if (current.unitsAt === at) return;
		this.#unitsController?.abort();
		const controller = new AbortController();
		this.#unitsController = controller;
		try {
			const units = await fetchAdminUnits(current.zone.properties.code, at, {
				signal: controller.signal,
				fetch: fetchFn,
				accept: GEOJSON
			});
			if (controller.signal.aborted || !this.data) return;
			this.data = { ...this.data, units, unitsAt: at };
		} catch (err) {
			// The units of the previous day stay on the map; the base load reports real outages.
			if (!controller.signal.aborted) console.warn('admin units', err);
		} finally {
			if (this.#unitsController === controller) this.#unitsController = null;
		}
	}

	dispose(): void {
		this.#controller?.abort();
		this.#controller = null;
		this.#unitsController?.abort();
		this.#unitsController = null;
	}
}

export const [getZoneView, setZoneView] = createContext<ZoneView>();
