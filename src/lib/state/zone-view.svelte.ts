import { createContext } from 'svelte';
import { CATEGORY_GROUPS, type CategoryGroup } from '$lib/domain/categories';
import { fetchZoneData, ZoneLoadError, type ZoneData } from './zone-api';

export const DEFAULT_PERIOD_DAYS = 90;

type Status = 'idle' | 'loading' | 'ready' | 'error';

/** The zone the first page shows, its layers and their load state. */
export class ZoneView {
	status = $state<Status>('idle');
	/** Raw: the collections are replaced whole, never mutated, so deep proxies would be waste. */
	data = $state.raw<ZoneData | null>(null);
	error = $state.raw<ZoneLoadError | null>(null);
	readonly periodDays: number;

	incidentCount = $derived(this.data?.incidents.features.length ?? 0);

	countsByGroup = $derived.by(() => {
		const counts = Object.fromEntries(CATEGORY_GROUPS.map((g) => [g, 0])) as Record<
			CategoryGroup,
			number
		>;
		for (const f of this.data?.incidents.features ?? []) counts[f.properties.categoryGroup] += 1;
		return counts;
	});

	#controller: AbortController | null = null;

	constructor(periodDays = DEFAULT_PERIOD_DAYS) {
		this.periodDays = periodDays;
	}

	/** Loads (or reloads) everything; a newer call aborts the one still in flight. */
	async load(fetchFn: typeof fetch = fetch, now: number = Date.now()): Promise<void> {
		this.#controller?.abort();
		const controller = new AbortController();
		this.#controller = controller;
		this.status = 'loading';
		this.error = null;
		try {
			const data = await fetchZoneData(fetchFn, {
				signal: controller.signal,
				now,
				periodDays: this.periodDays
			});
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

	dispose(): void {
		this.#controller?.abort();
		this.#controller = null;
	}
}

export const [getZoneView, setZoneView] = createContext<ZoneView>();
