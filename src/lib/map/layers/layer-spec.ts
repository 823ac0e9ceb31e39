/**
 * The shape of a map layer in the registry (src/lib/map/layers/<name>/). Each folder holds:
 *
 * - `index.ts` — the `spec` (LayerSpec): URL key, title, defaults, where its data comes from, its
 *   legend. The page shell loads it: nothing here may import MapLibre or deck.gl at run time.
 * - `*.contract.ts` — the layer's endpoint contracts (`contract()`, src/lib/domain/contract.ts):
 *   query, answer schema (zod/mini), refusals. The route validates with them, the OpenAPI
 *   document lists them (src/lib/server/contracts.ts finds them) and the source decodes with them.
 * - `*.layer.ts` — pure deck.gl factories `(data, options) => Layer` and the `draw` (LayerDraw)
 *   that feeds them; loaded only in the lazy map runtime chunk (src/lib/map/layers/draws.ts).
 * - `*.style.ts` — colours and sizes shared by the factories and the legend.
 * - a legend component.
 *
 * The registry finds the folders itself (`registry.ts`, `draws.ts`; the contracts: src/lib/server/contracts.ts), so adding a
 * layer touches its folder, the server query and route, and the words (src/lib/i18n/messages.ts).
 */
import type { Component } from 'svelte';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { MessageArgs, MessageKey } from '$lib/i18n/messages';
import type { Lang } from '$lib/i18n/words';
import type { CommandMap } from '$lib/state/command-map.svelte';
import type { ChangeKind } from '$lib/state/live-feed.svelte';
import type { LiveLog } from '$lib/state/live-log.svelte';
import type { TimeWindow } from '$lib/state/map-url';
import type { Resource } from '$lib/state/resource.svelte';
import type { ZoneView } from '$lib/state/zone-view.svelte';

/** What a source is loaded for. */
export interface SourceQuery {
	/** The zone's code, once it is known. */
	zone: string | undefined;
	/** The period on screen. */
	window: TimeWindow;
}

/**
 * Data a layer fetches. CommandMap keeps one Resource per source: a newer load aborts the one in
 * flight, and the last good data stays on the map while a reload runs or fails.
 */
export interface LayerSource<D> {
	/** Fetches it (its endpoint, decoded with its contract's schema). */
	load(on: SourceQuery, signal: AbortSignal): Promise<D>;
	/** The answer depends on the period: load again when the period changes. */
	followsPeriod?: boolean;
	/** Load again (debounced) when the live stream announces a change of this kind. */
	live?: ChangeKind;
	/** After such a live reload: put what is new into the live list (and pulse it). */
	announce?(before: D, after: D, log: LiveLog): void;
}

/** The layer panel's head line: a figure beside the title, and the load it reports on. */
export interface PanelLine {
	count: string | null;
	/** Its loading and failure notes ("loading…", "not allowed for your role"). */
	resource: Resource<unknown> | null;
}

/** A map layer as the page shell knows it (eager: no MapLibre, no deck.gl). */
export interface LayerSpec {
	/** The URL's name for it (`l=`, `o=`), also the panel's test ids. Never rename one. */
	key: string;
	/** Place in the layer panel, top to bottom. */
	order: number;
	title: MessageKey;
	defaultOn: boolean;
	/** 0–1. */
	defaultOpacity: number;
	/**
	 * What CommandMap loads for it while it is on. None for the core incident layers (CommandMap's
	 * own binary frame, hexagons and time slider) and for what the basemap draws.
	 */
	sources: readonly LayerSource<unknown>[];
	/** Shown under its title in the layer panel while it is on; given the map, or nothing. */
	Legend: Component<{ cmd: CommandMap }> | Component<Record<never, never>>;
	panel?(cmd: CommandMap, lang: Lang): PanelLine;
	/** Offered at all (the heatmap: only to roles that read incident rows). Default: yes. */
	available?(cmd: CommandMap): boolean;
	/** MapLibre basemap layers it shows, hides and fades (the administrative units). */
	basemap?: {
		layers: readonly { id: string; paint: BasemapOpacity; full: number }[];
		/** Put on the map's container while it is off (hides the matching HTML labels). */
		hiddenClass: string;
	};
}

/** The paint property that fades a basemap layer. */
export type BasemapOpacity =
	'fill-opacity' | 'line-opacity' | 'circle-opacity' | 'text-opacity' | 'raster-opacity';

/** The map state a draw reads its input from. */
export interface DrawState {
	cmd: CommandMap;
	zone: ZoneView;
	/**
	 * The map's zoom, whole: points change size and outline at whole zooms, and a number that
	 * changes only there keeps every map move from rebuilding the layers.
	 */
	zoom: number;
}

export interface TooltipContext {
	lang: Lang;
	t<K extends MessageKey>(key: K, ...params: MessageArgs<K>): string;
	/** A number in the page's language. */
	n(value: number): string;
}

/**
 * How a layer is drawn: deck.gl layers from its input, and what its objects say when hovered or
 * clicked. Lives in the lazy runtime chunk. The single deck.gl overlay (LiveOverlay.svelte)
 * stacks every draw whose layer is on, by `z`.
 */
export interface LayerDraw<D> {
	/** The registry entry (LayerSpec.key) it belongs to: drawn while that is on, at its opacity. */
	key: string;
	/** Stacking order over all layers: higher draws above. */
	z: number;
	/** The ids of the deck.gl layers it makes whose objects it explains (tooltips, clicks). */
	ids: readonly string[];
	/**
	 * Its input, or null when there is nothing to draw. Derived data must keep its identity while
	 * what it is derived from does (see memo.ts): deck.gl uploads a new `data` again.
	 */
	input(state: DrawState): D | null;
	/** The pure factory: stable ids, `updateTriggers` where accessors change. */
	layers(input: D, options: { opacity: number }): Layer[];
	tooltip?(info: PickingInfo, input: D, ctx: TooltipContext): string | null;
	/** The incident a click on one of its objects opens. */
	selects?(info: PickingInfo, input: D): number | null;
	/**
	 * Objects too many to pick on the GPU without stalling the page: while `needed`, the overlay
	 * turns GPU picking off (tooltips pause) and finds a click's incident with `at` instead.
	 */
	cpuPick?: {
		needed(input: D): boolean;
		at(input: D, lon: number, lat: number, tolerance: number): number | null;
	};
}
