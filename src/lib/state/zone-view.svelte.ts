import { createContext } from 'svelte';
import { todayInVietnam } from '$lib/domain/time';
import { fetchAdminUnits, fetchZoneData, ZoneLoadError, type ZoneData } from './zone-api';

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
			const data = await fetchZoneData(fetchFn, { signal: controller.signal, unitsAt });
			if (controller.signal.aborted) return;
			this.data = data;
			this.status = 'ready';
		} catch (err) {
			if (controller.signal.aborted) return;
			this.error =
				err instanceof ZoneLoadError ? err : new ZoneLoadError('http', '/api', { cause: err });
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
			const units = await fetchAdminUnits(
				fetchFn,
				current.zone.properties.code,
				at,
				controller.signal
			);
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
