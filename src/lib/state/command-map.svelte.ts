import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { createContext } from 'svelte';
import { ApiError, call, get, getBinary, query, signInAgain } from '$lib/api/client';
import { situation as getSituation } from '$lib/domain/contracts/map';
import { replaceState } from '$app/navigation';
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import { CATEGORIES, type CategoryCode, type IncidentStatus } from '$lib/domain/categories';
import { liveIncidentSchema, type IncidentColumns, type Situation } from '$lib/domain/live-layers';
import { decodeIncidentFrame, INCIDENT_COLUMNS_MEDIA_TYPE } from '$lib/domain/incident-wire';
import { may, type Capabilities } from '$lib/domain/permissions';
import { isoAt } from '$lib/domain/time';
import type { MultiPolygonCoords } from '$lib/geo/geometry';
import { GROUP_COLORS } from '$lib/map/category-colors';
import {
	incidentHexbins,
	type HexbinCollection,
	type HexbinFeature
} from '$lib/map/layers/incidents/incidents.contract';
import { hexBreaks } from '$lib/map/layers/incidents/incidents.style';
import type { LayerSource, LayerSpec } from '$lib/map/layers/layer-spec';
import { layerSpec, MAP_LAYERS } from '$lib/map/layers/registry';
import {
	emptyColumns,
	rowOf,
	timeHistogram,
	visibleRows,
	withIncident,
	withoutIncident
} from './incident-columns';
import { LiveFeed, type Change, type ChangeKind, type ChangeOp } from './live-feed.svelte';
import { LiveLog, type LiveItem } from './live-log.svelte';
import {
	LAYER_NAMES,
	periodWindow,
	type IncidentMode,
	type LayerName,
	type Period,
	type TimeWindow,
	withViewParams
} from './map-url';
import { MapView } from './map-view.svelte';
import { Resource } from './resource.svelte';
import { Timers } from './timers';
import type { ZoneView } from './zone-view.svelte';

/** `auto` aggregates below this zoom… */
export const AUTO_HEX_BELOW_ZOOM = 13;
/** …or above this many points, where dots would only blur together. */
export const AUTO_HEX_ABOVE_COUNT = 5000;
/** The API's maximum: a zone's year is tens of thousands of rows; 100,000 are drawn smoothly. */
const COLUMNS_LIMIT = 100_000;
/** Severity from which a new incident raises the banner. */
export const ALERT_SEVERITY = 3;
const LIVE_DEBOUNCE_MS = 250;
const SITUATION_REFRESH_MS = 60_000;
/** Preset windows slide with the clock: reload now and then so old incidents drop off. */
const SLIDING_RELOAD_MS = 10 * 60_000;
const URL_WRITE_MS = 250;
/** Bars of the time slider's histogram. */
export const HISTOGRAM_BINS = 60;

const GROUP_OF = new Map<string, (typeof CATEGORIES)[number]['group']>(
	CATEGORIES.map((c) => [c.code, c.group])
);

export interface MapUser {
	name: string;
	role: string;
	/** What the database lets this user do (the layout load's `app.capabilities()`). */
	capabilities: Capabilities;
}

/**
 * The commanders' live map: the URL-held view, every layer's data, the live feed and what it
 * changes. Components read it from context; every change of filters or layers goes through a
 * method here, which loads what is needed (aborting superseded requests) and writes the URL.
 * The core incident layers' data (points, hexagons, the time slider) is held here by name; every
 * other layer's is one Resource per source its registry entry declares (src/lib/map/layers/).
 */
export class CommandMap {
	readonly view: MapView;
	readonly zone: ZoneView;
	readonly user: MapUser | null;
	readonly feed = new LiveFeed();
	readonly log = new LiveLog();

	readonly columns = new Resource<IncidentColumns>();
	readonly hexbins = new Resource<HexbinCollection>();
	readonly situation = new Resource<Situation>();
	/** The data of the other layers, one Resource per source of their registry entries. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- fixed at construction; each Resource is reactive itself
	readonly #sources = new Map<LayerSource<unknown>, Resource<unknown>>(
		MAP_LAYERS.flatMap((spec) => spec.sources.map((source) => [source, new Resource()] as const))
	);

	/** The time slider's position (epoch s): incidents after it are hidden. Null: the whole period. */
	timeCursor = $state<number | null>(null);

	/** Where the map should fly next (a live item or an alert was chosen). */
	focusRequest = $state.raw<{ position: [number, number]; at: number } | null>(null);

	/** The clock reading that preset windows end at; moved forward at each reload. */
	#now = $state(Date.now());
	/** The hexbins query last loaded; null forces the next sync to load again. */
	#hexQueryLoaded: string | null = null;
	#hexCursorPending = false;
	#timers = new Timers();
	#intervals: ReturnType<typeof setInterval>[] = [];
	#started = false;

	/** The period on screen as instants, and the day whose units are shown. */
	readonly window: TimeWindow;
	/** False for callers without incident rows (hexagon counts only), or once the API said 403. */
	readonly canReadRows: boolean;
	/** The chosen unit's outline (the one in force at the end of the period). */
	readonly unitArea: MultiPolygonCoords | null;
	/** Row numbers of the loaded incidents that pass the status and unit filters (whole period). */
	readonly rowsInPeriod: number[];
	/** …and the time slider: what the points and the heatmap draw. */
	readonly rows: number[];
	/** Incidents per slice of the period (status and unit filters applied), or null without rows. */
	readonly histogram: number[] | null;
	readonly incidentDisplay: 'points' | 'hex';
	/** Hexagon size in metres for the zoom: 250 m cells are specks below zoom 12. */
	readonly hexSize: number;
	/** Hexagons inside the chosen unit (by centre), or all of them. */
	readonly hexFeatures: HexbinFeature[];
	/**
	 * The incidents those hexagons count (the published counts added up; a suppressed cell adds
	 * nothing), and the largest count of one cell (legend classes).
	 */
	readonly hexTotal: number;
	readonly hexMax: number;
	/** Lower bounds of the hexagons' colour classes (protected counts are never 1 or 2: from 3). */
	readonly hexBreaks: number[];
	/** Whether a hexagon's count is suppressed ("< 3": aggregate-only roles). */
	readonly hexSuppressed: boolean;
	/** The whole days a protected hexagon answer counts; null for exact answers. */
	readonly hexWindow: { from: string; to: string } | null;

	constructor(zone: ZoneView, search: URLSearchParams, user: MapUser | null) {
		this.zone = zone;
		this.view = new MapView(search);
		this.user = user;

		this.window = $derived(periodWindow(this.view.period, this.#now));

		this.canReadRows = $derived(
			may(this.user?.capabilities, 'incidents.read') && this.columns.error?.status !== 403
		);

		this.unitArea = $derived.by((): MultiPolygonCoords | null => {
			const code = this.view.unit;
			const unit = code
				? this.zone.data?.units.features.find((f) => f.properties.code === code)
				: null;
			if (!unit) return null;
			const g = unit.geometry;
			return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as MultiPolygonCoords;
		});

		this.rowsInPeriod = $derived(
			this.columns.data
				? visibleRows(this.columns.data, { statuses: this.view.statuses, area: this.unitArea })
				: []
		);

		this.rows = $derived.by(() => {
			const until = this.timeCursor;
			const all = this.rowsInPeriod;
			const t = this.columns.data?.occurredAt;
			return until === null || !t ? all : all.filter((i) => t[i]! <= until);
		});

		this.histogram = $derived.by(() => {
			const cols = this.columns.data;
			if (!cols || !this.canReadRows) return null;
			const w = this.window;
			return timeHistogram(
				cols.occurredAt,
				this.rowsInPeriod,
				Math.floor(w.from.getTime() / 1000),
				Math.ceil(w.to.getTime() / 1000),
				HISTOGRAM_BINS
			);
		});

		this.incidentDisplay = $derived.by((): 'points' | 'hex' => {
			if (!this.canReadRows) return 'hex';
			if (this.view.mode !== 'auto') return this.view.mode === 'hex' ? 'hex' : 'points';
			const zoom = this.view.zoom ?? AUTO_HEX_BELOW_ZOOM;
			return zoom < AUTO_HEX_BELOW_ZOOM || this.rows.length > AUTO_HEX_ABOVE_COUNT
				? 'hex'
				: 'points';
		});

		this.hexSize = $derived.by(() => {
			const z = this.view.zoom ?? AUTO_HEX_BELOW_ZOOM;
			return z >= 12.5 ? 250 : z >= 11 ? 500 : 1000;
		});

		this.hexFeatures = $derived.by(() => {
			const all = this.hexbins.data?.features ?? [];
			const area = this.unitArea && { type: 'MultiPolygon' as const, coordinates: this.unitArea };
			if (!area) return all;
			return all.filter((f) => {
				const ring = (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : []) ?? [];
				if (ring.length === 0) return true;
				let x = 0;
				let y = 0;
				const n = ring.length - 1 || 1;
				for (let i = 0; i < n; i++) {
					x += ring[i]![0]!;
					y += ring[i]![1]!;
				}
				return booleanPointInPolygon([x / n, y / n], area);
			});
		});
		this.hexTotal = $derived(
			this.hexFeatures.reduce((sum, f) => sum + (f.properties.count ?? 0), 0)
		);
		this.hexMax = $derived(Math.max(0, ...this.hexFeatures.map((f) => f.properties.count ?? 0)));
		this.hexSuppressed = $derived(this.hexFeatures.some((f) => f.properties.count === null));
		this.hexWindow = $derived.by(() => {
			const data = this.hexbins.data;
			return data?.disclosure === 'protected' && data.window ? data.window : null;
		});
		this.hexBreaks = $derived(hexBreaks(this.hexMax, this.hexWindow ? 3 : 1));
	}

	/** The data of one of a layer's sources. */
	resource<D>(source: LayerSource<D>): Resource<D> {
		const r = this.#sources.get(source as LayerSource<unknown>);
		if (!r) throw new Error('a source of no registered layer');
		return r as Resource<D>;
	}

	// ——— lifecycle ———

	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.log.restore();
		this.#now = Date.now();
		void this.zone.load(fetch, this.window.unitsAt);
		this.#loadIncidents();
		for (const layer of LAYER_NAMES) this.#ensureLayer(layer);
		void this.#loadSituation();
		this.feed.start({
			change: (kind, change) => this.#onChange(kind, change),
			resync: () => this.reloadAll(),
			reconnected: () => void this.#loadSituation(),
			stillSignedIn: async () => {
				try {
					return (await fetch('/api/auth/me')).status !== 401;
				} catch {
					return true;
				}
			},
			signedOut: signInAgain
		});
		this.#intervals.push(
			setInterval(() => void this.#loadSituation(), SITUATION_REFRESH_MS),
			setInterval(() => {
				if (this.window.sliding) this.reloadAll();
			}, SLIDING_RELOAD_MS)
		);
	}

	dispose(): void {
		this.#started = false;
		this.feed.stop();
		this.log.dispose();
		this.#timers.clear();
		for (const i of this.#intervals) clearInterval(i);
		this.#intervals = [];
		for (const r of [this.columns, this.hexbins, this.situation, ...this.#sources.values()]) {
			r.dispose();
		}
		this.zone.dispose();
	}

	/** Everything that follows the filters, loaded again (after `reset`, or to slide the window). */
	reloadAll(): void {
		this.#now = Date.now();
		void this.zone.loadUnits(this.window.unitsAt);
		this.#loadIncidents();
		this.#hexQueryLoaded = null;
		this.#syncHexbins();
		for (const spec of MAP_LAYERS) if (this.#wanted(spec)) void this.#loadLayer(spec);
		void this.#loadSituation();
	}

	// ——— what the controls call ———

	setPeriod(period: Period): void {
		this.view.period = period;
		this.timeCursor = null;
		this.#now = Date.now();
		void this.zone.loadUnits(this.window.unitsAt);
		this.#loadIncidents();
		this.#hexQueryLoaded = null;
		this.#syncHexbins();
		for (const spec of MAP_LAYERS) {
			if (spec.sources.some((s) => s.followsPeriod) && this.#wanted(spec)) {
				void this.#loadLayer(spec);
			}
		}
		this.#writeUrl();
	}

	setCategories(categories: readonly CategoryCode[]): void {
		this.view.categories = categories;
		this.#loadIncidents();
		this.#syncHexbins();
		this.#writeUrl();
	}

	setUnit(code: string | null): void {
		this.view.unit = code;
		this.#writeUrl();
	}

	setStatuses(statuses: readonly IncidentStatus[]): void {
		this.view.statuses = statuses;
		this.#syncHexbins();
		this.#writeUrl();
	}

	/**
	 * Moves the time slider (epoch s; null: the whole period). Points are filtered here; hexagons
	 * are counted again by PostGIS up to the cursor, at most one request in flight while playing.
	 */
	setTimeCursor(at: number | null): void {
		if (at === this.timeCursor) return;
		this.timeCursor = at;
		if (!this.#hexWanted()) return;
		if (this.hexbins.status === 'loading') {
			this.#hexCursorPending = true;
			return;
		}
		this.#syncHexbins();
	}

	setMode(mode: IncidentMode): void {
		this.view.mode = mode;
		this.#syncHexbins();
		this.#writeUrl();
	}

	setHeatWeighted(on: boolean): void {
		this.view.heatWeighted = on;
		this.#writeUrl();
	}

	toggleLayer(layer: LayerName, on?: boolean): void {
		this.view.toggle(layer, on);
		this.#ensureLayer(layer);
		this.#writeUrl();
	}

	setOpacity(layer: LayerName, value: number): void {
		this.view.setOpacity(layer, value);
		this.#writeUrl();
	}

	/** Asks the map to fly to a point (the live list and the alert banner). */
	focus(position: [number, number]): void {
		this.focusRequest = { position, at: Date.now() };
	}

	/** From the map after each move. */
	setCamera(center: [number, number], zoom: number): void {
		this.view.setCamera(center, zoom);
		this.#syncHexbins();
		this.#writeUrl();
	}

	// ——— loading ———

	/** A layer with sources is loaded (again) while it is on, or once it has data. */
	#wanted(spec: LayerSpec): boolean {
		return (
			spec.sources.length > 0 &&
			(this.view.isOn(spec.key) || spec.sources.some((s) => this.resource(s).data !== null))
		);
	}

	#ensureLayer(key: LayerName): void {
		if (!this.view.isOn(key)) return;
		const spec = layerSpec(key);
		// A layer without sources draws this class's own incident data (points, hexagons, the
		// heatmap) or the basemap's: at most the hexagons need loading.
		if (!spec || spec.sources.length === 0) {
			this.#syncHexbins();
			return;
		}
		const missing = (s: LayerSource<unknown>) =>
			this.resource(s).data === null && this.resource(s).status !== 'loading';
		if (spec.sources.some(missing)) void this.#loadLayer(spec);
	}

	/** Loads every source of a layer for the zone and period on screen. */
	#loadLayer(spec: LayerSpec): Promise<unknown> {
		const on = { zone: this.zone.data?.zone.properties.code, window: this.window };
		return Promise.all(
			spec.sources.map((source) => this.resource(source).load((signal) => source.load(on, signal)))
		);
	}

	#loadIncidents(): void {
		if (!this.canReadRows) return;
		const w = this.window;
		// A sliding window has no upper bound, so an incident stamped a moment "ahead" of this
		// browser's clock is not lost.
		const q = query({
			from: w.from.toISOString(),
			to: w.sliding ? undefined : w.to.toISOString(),
			category: this.view.categories.length > 0 ? this.view.categories.join(',') : undefined,
			limit: COLUMNS_LIMIT
		});
		void this.columns
			.load((signal) =>
				getBinary(`/api/incidents/columns${q}`, INCIDENT_COLUMNS_MEDIA_TYPE, decodeIncidentFrame, {
					signal
				})
			)
			.then(() => {
				// The board's first request answers 403: switch to the hexagons.
				if (!this.canReadRows) this.#syncHexbins();
			});
	}

	#hexWanted(): boolean {
		return this.view.isOn('incidents') && (this.incidentDisplay === 'hex' || !this.canReadRows);
	}

	/** Loads hexagon counts when they are on screen and their query (filters, cell size) changed. */
	#syncHexbins(): void {
		if (!this.#hexWanted()) return;
		const q = this.#hexQuery();
		if (q === this.#hexQueryLoaded) return;
		this.#hexQueryLoaded = q;
		this.#hexCursorPending = false;
		void this.hexbins
			.load((signal) =>
				get(`${incidentHexbins.path}${q}`, incidentHexbins.answer.schema, { signal })
			)
			.then((data) => {
				if (data === null && this.hexbins.status === 'error') this.#hexQueryLoaded = null;
				if (data === null && this.hexbins.status === 'loading') return; // superseded
				if (this.#hexCursorPending) {
					this.#hexCursorPending = false;
					this.#syncHexbins();
				}
			});
	}

	/** The hexbins request for the filters, cell size and slider cursor on screen. */
	#hexQuery(): string {
		const w = this.window;
		const from = w.from.getTime();
		const cursor = this.timeCursor;
		// The slider's cursor ends the count (at least a minute after the start: the API wants
		// from < to). Without it, the API's default end is "now" on the server, as a sliding
		// window wants.
		const to =
			cursor !== null
				? isoAt(Math.max(cursor * 1000 + 1000, from + 60_000))
				: w.sliding
					? undefined
					: w.to.toISOString();
		return query({
			from: w.from.toISOString(),
			to,
			size: this.hexSize,
			category: this.view.categories.length > 0 ? this.view.categories.join(',') : undefined,
			status: this.view.statuses.length > 0 ? this.view.statuses.join(',') : undefined
		});
	}

	#loadSituation(): Promise<unknown> {
		return this.situation.load((signal) => call(getSituation, {}, { signal }));
	}

	#debounce(key: string, fn: () => void, ms = LIVE_DEBOUNCE_MS): void {
		this.#timers.once(key, fn, ms);
	}

	#writeUrl(): void {
		this.#debounce(
			'url',
			() => {
				// Keep parameters that belong to others (e.g. an open incident panel).
				const search = withViewParams(location.search, this.view.params);
				if (search === location.search) return;
				const url = `${resolve('/')}${search}${location.hash}` as ResolvedPathname;
				try {
					replaceState(url, {});
				} catch {
					// Before the router is ready (the first moments after load) plain history works.
					history.replaceState(history.state, '', url);
				}
			},
			URL_WRITE_MS
		);
	}

	// ——— live changes ———

	#onChange(kind: ChangeKind, change: Change): void {
		if (kind === 'incident' && change) void this.#onIncident(change.id, change.op);
		for (const spec of MAP_LAYERS) {
			if (spec.sources.some((s) => s.live === kind) && this.#wanted(spec)) {
				this.#debounce(`layer:${spec.key}`, () => void this.#onLayerChange(spec));
			}
		}
		this.#debounce('situation', () => void this.#loadSituation(), 400);
	}

	async #onIncident(rawId: number | string, op: ChangeOp): Promise<void> {
		const id = Number(rawId);
		if (this.incidentDisplay === 'hex' || !this.canReadRows) {
			this.#debounce('hexbins', () => {
				this.#hexQueryLoaded = null;
				this.#syncHexbins();
			});
		}
		if (!this.canReadRows || !Number.isSafeInteger(id)) return;
		const cols = () => this.columns.data ?? emptyColumns();
		if (op === 'delete') {
			this.columns.set(withoutIncident(cols(), id));
			return;
		}
		let feature;
		try {
			feature = await get(`/api/incidents/${id}`, liveIncidentSchema);
		} catch (err) {
			// Gone again, or moved out of this role's reach.
			if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
				this.columns.set(withoutIncident(cols(), id));
			}
			return;
		}
		const row = rowOf(feature);
		const before = cols();
		const at = before.id.indexOf(id);
		const previousSeverity = at === -1 ? null : before.severity[at]!;
		const w = this.window;
		const t = row.occurredAt * 1000;
		const inWindow = t >= w.from.getTime() && (w.sliding || t < w.to.getTime());
		const categories = this.view.categories;
		const inCategories =
			categories.length === 0 || (categories as readonly string[]).includes(row.category);
		this.columns.set(
			inWindow && inCategories ? withIncident(before, row) : withoutIncident(before, id)
		);

		const group = feature.properties.categoryGroup;
		const item: LiveItem = {
			key: this.log.nextKey('incident'),
			kind: 'incident',
			id,
			op,
			category: row.category,
			group,
			severity: row.severity,
			occurredAt: Date.parse(feature.properties.occurredAt),
			position: [row.lon, row.lat],
			receivedAt: Date.now()
		};
		this.log.add(item);
		this.log.pulse([row.lon, row.lat], GROUP_COLORS[GROUP_OF.get(row.category) ?? group]);
		const escalated =
			op === 'insert' || previousSeverity === null || previousSeverity < ALERT_SEVERITY;
		if (row.severity >= ALERT_SEVERITY && escalated) this.log.raise(item);
	}

	/** A layer's data changed on the server: load it again and announce what is new. */
	async #onLayerChange(spec: LayerSpec): Promise<void> {
		const before = spec.sources.map((s) => this.resource(s).data);
		await this.#loadLayer(spec);
		spec.sources.forEach((source, i) => {
			const old = before[i];
			const now = this.resource(source).data;
			if (source.announce && old != null && now != null && now !== old) {
				source.announce(old, now, this.log);
			}
		});
	}
}

export const [getCommandMap, setCommandMap] = createContext<CommandMap>();
