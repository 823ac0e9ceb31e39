import type { CategoryCode, IncidentStatus } from '$lib/domain/categories';
import {
	defaultViewParams,
	parseViewParams,
	viewSearchParams,
	type IncidentMode,
	type LayerName,
	type MapViewParams,
	type Period
} from './map-url';

/**
 * What the commander is looking at: camera, layers and filters. It is the URL's state: every
 * change is written back to the query string (see `search`), so the view can be bookmarked.
 */
export class MapView {
	center = $state.raw<[number, number] | null>(null);
	zoom = $state<number | null>(null);
	layers = $state.raw<readonly LayerName[]>([]);
	opacity = $state.raw<Readonly<Record<LayerName, number>>>(defaultViewParams().opacity);
	period = $state.raw<Period>(defaultViewParams().period);
	categories = $state.raw<readonly CategoryCode[]>([]);
	unit = $state<string | null>(null);
	statuses = $state.raw<readonly IncidentStatus[]>([]);
	mode = $state<IncidentMode>('auto');
	heatWeighted = $state(false);

	/** Whether the URL named a camera: then it wins over fitting the zone. */
	readonly initialCamera: { center: [number, number]; zoom: number } | null;

	params = $derived<MapViewParams>({
		center: this.center,
		zoom: this.zoom,
		layers: this.layers,
		opacity: this.opacity,
		period: this.period,
		categories: this.categories,
		unit: this.unit,
		statuses: this.statuses,
		mode: this.mode,
		heatWeighted: this.heatWeighted
	});

	/** The query string for this view ('' or '?…'). */
	search = $derived.by(() => {
		const s = viewSearchParams(this.params).toString();
		return s ? `?${s}` : '';
	});

	constructor(search: URLSearchParams) {
		const p = parseViewParams(search);
		this.center = p.center;
		this.zoom = p.zoom;
		this.layers = p.layers;
		this.opacity = p.opacity;
		this.period = p.period;
		this.categories = p.categories;
		this.unit = p.unit;
		this.statuses = p.statuses;
		this.mode = p.mode;
		this.heatWeighted = p.heatWeighted;
		this.initialCamera = p.center && p.zoom !== null ? { center: p.center, zoom: p.zoom } : null;
	}

	isOn(layer: LayerName): boolean {
		return this.layers.includes(layer);
	}

	toggle(layer: LayerName, on = !this.isOn(layer)): void {
		const rest = this.layers.filter((l) => l !== layer);
		this.layers = on ? [...rest, layer] : rest;
	}

	setOpacity(layer: LayerName, value: number): void {
		this.opacity = { ...this.opacity, [layer]: Math.min(1, Math.max(0, value)) };
	}

	setCamera(center: [number, number], zoom: number): void {
		this.center = [Number(center[0].toFixed(5)), Number(center[1].toFixed(5))];
		this.zoom = Number(zoom.toFixed(2));
	}
}
