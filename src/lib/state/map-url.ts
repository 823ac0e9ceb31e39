/**
 * The live map's view as it is held in the URL (centre, zoom, layers, filters), so a commander
 * can bookmark or share exactly what is on the wall. Pure: parse and print, nothing else.
 * Unknown or malformed parameters fall back to the defaults instead of failing the page.
 */
import {
	CATEGORY_CODES,
	INCIDENT_STATUSES,
	type CategoryCode,
	type IncidentStatus
} from '$lib/domain/categories';
import { isVietnamDay, todayInVietnam, vietnamMidnight } from '$lib/domain/time';
import { INCIDENT_MODES, type IncidentMode } from '$lib/map/layers/incidents/incident-modes';
import { LAYER_KEYS, MAP_LAYERS } from '$lib/map/layers/registry';

export { INCIDENT_MODES, type IncidentMode };

/** A map layer's URL key: one of the registry's (src/lib/map/layers/<name>/index.ts). */
export type LayerName = string;
export const LAYER_NAMES: readonly LayerName[] = LAYER_KEYS;

export const PERIOD_PRESETS = ['24h', '7d', '30d', '90d', '1y'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const DAY_MS = 86_400_000;
export const PRESET_MS: Readonly<Record<PeriodPreset, number>> = {
	'24h': DAY_MS,
	'7d': 7 * DAY_MS,
	'30d': 30 * DAY_MS,
	'90d': 90 * DAY_MS,
	'1y': 365 * DAY_MS
};

/** A preset slides with the clock; a custom range is whole Vietnam days, both ends included. */
export type Period =
	{ kind: 'preset'; preset: PeriodPreset } | { kind: 'custom'; from: string; to: string };

export interface MapViewParams {
	center: [number, number] | null;
	zoom: number | null;
	layers: readonly LayerName[];
	/** 0–1 per layer. */
	opacity: Readonly<Record<LayerName, number>>;
	period: Period;
	/** Empty means every category. */
	categories: readonly CategoryCode[];
	/** Administrative unit code, or null for the whole zone. */
	unit: string | null;
	/** Empty means every status. */
	statuses: readonly IncidentStatus[];
	mode: IncidentMode;
	/** Heatmap weighted by severity instead of one per incident. */
	heatWeighted: boolean;
}

export const DEFAULT_LAYERS: readonly LayerName[] = MAP_LAYERS.filter((s) => s.defaultOn).map(
	(s) => s.key
);

export const DEFAULT_OPACITY: Readonly<Record<LayerName, number>> = Object.fromEntries(
	MAP_LAYERS.map((s) => [s.key, s.defaultOpacity])
);

export const DEFAULT_PERIOD: Period = { kind: 'preset', preset: '90d' };

export function defaultViewParams(): MapViewParams {
	return {
		center: null,
		zoom: null,
		layers: DEFAULT_LAYERS,
		opacity: DEFAULT_OPACITY,
		period: DEFAULT_PERIOD,
		categories: [],
		unit: null,
		statuses: [],
		mode: 'auto',
		heatWeighted: false
	};
}

function listOf<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
	if (!raw) return [];
	const known = new Set<string>(allowed);
	return [...new Set(raw.split(','))].filter((s): s is T => known.has(s));
}

function finite(raw: string | null, min: number, max: number): number | null {
	if (raw === null || raw.trim() === '') return null;
	const n = Number(raw);
	return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

/** Reads a view from the query string; anything missing or malformed takes its default. */
export function parseViewParams(search: URLSearchParams): MapViewParams {
	const out = defaultViewParams();

	const c = search.get('c')?.split(',') ?? [];
	const lon = finite(c[0] ?? null, -180, 180);
	const lat = finite(c[1] ?? null, -85, 85);
	if (c.length === 2 && lon !== null && lat !== null) out.center = [lon, lat];
	out.zoom = finite(search.get('z'), 0, 22);

	if (search.has('l')) out.layers = listOf(search.get('l'), LAYER_NAMES);

	const opacity = { ...DEFAULT_OPACITY };
	for (const pair of search.get('o')?.split(',') ?? []) {
		const [name, pct] = pair.split(':');
		const v = finite(pct ?? null, 0, 100);
		if (LAYER_NAMES.includes(name ?? '') && v !== null) {
			opacity[name!] = v / 100;
		}
	}
	out.opacity = opacity;

	const from = search.get('from');
	const to = search.get('to');
	const preset = search.get('t');
	if (from && to && isVietnamDay(from) && isVietnamDay(to) && from <= to) {
		out.period = { kind: 'custom', from, to };
	} else if ((PERIOD_PRESETS as readonly string[]).includes(preset ?? '')) {
		out.period = { kind: 'preset', preset: preset as PeriodPreset };
	}

	out.categories = listOf(search.get('cat'), CATEGORY_CODES);
	const unit = search.get('unit');
	out.unit = unit && /^[0-9A-Za-z_-]{1,20}$/.test(unit) ? unit : null;
	out.statuses = listOf(search.get('st'), INCIDENT_STATUSES);
	const mode = search.get('mode');
	if ((INCIDENT_MODES as readonly string[]).includes(mode ?? '')) out.mode = mode as IncidentMode;
	out.heatWeighted = search.get('hw') === '1';
	return out;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every((x) => b.includes(x));

/** Prints a view as query parameters, leaving defaults out so shared links stay short. */
export function viewSearchParams(v: MapViewParams): URLSearchParams {
	const p = new URLSearchParams();
	if (v.center) p.set('c', `${v.center[0].toFixed(5)},${v.center[1].toFixed(5)}`);
	if (v.zoom !== null) p.set('z', v.zoom.toFixed(2));
	if (!sameSet(v.layers, DEFAULT_LAYERS)) p.set('l', v.layers.join(','));
	const changed = LAYER_NAMES.filter((n) => v.opacity[n] !== DEFAULT_OPACITY[n]);
	if (changed.length > 0) {
		p.set('o', changed.map((n) => `${n}:${Math.round((v.opacity[n] ?? 1) * 100)}`).join(','));
	}
	if (v.period.kind === 'custom') {
		p.set('from', v.period.from);
		p.set('to', v.period.to);
	} else if (v.period.preset !== (DEFAULT_PERIOD as { preset: PeriodPreset }).preset) {
		p.set('t', v.period.preset);
	}
	if (v.categories.length > 0) p.set('cat', v.categories.join(','));
	if (v.unit) p.set('unit', v.unit);
	if (v.statuses.length > 0) p.set('st', v.statuses.join(','));
	if (v.mode !== 'auto') p.set('mode', v.mode);
	if (v.heatWeighted) p.set('hw', '1');
	return p;
}

export interface TimeWindow {
	from: Date;
	to: Date;
	/** The Vietnam calendar day whose administrative units are shown: the end of the period. */
	unitsAt: string;
	/** A preset window keeps sliding: incidents arriving live after `to` still belong to it. */
	sliding: boolean;
}

export function periodWindow(period: Period, nowMs: number): TimeWindow {
	if (period.kind === 'custom') {
		return {
			from: vietnamMidnight(period.from),
			to: new Date(vietnamMidnight(period.to).getTime() + DAY_MS),
			unitsAt: period.to,
			sliding: false
		};
	}
	const to = new Date(nowMs);
	return {
		from: new Date(nowMs - PRESET_MS[period.preset]),
		to,
		unitsAt: todayInVietnam(to),
		sliding: true
	};
}

/** Every query parameter this module owns. */
export const VIEW_PARAM_KEYS = [
	'c',
	'z',
	'l',
	'o',
	't',
	'from',
	'to',
	'cat',
	'unit',
	'st',
	'mode',
	'hw'
] as const;

/**
 * The query string with the view's parameters replaced and everyone else's kept (an open
 * incident panel, say). Returns '' or '?…'.
 */
export function withViewParams(currentSearch: string, v: MapViewParams): string {
	const params = new URLSearchParams(currentSearch);
	for (const k of VIEW_PARAM_KEYS) params.delete(k);
	for (const [k, val] of viewSearchParams(v)) params.set(k, val);
	const s = params.toString();
	return s ? `?${s}` : '';
}
