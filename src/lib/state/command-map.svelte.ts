import { createContext } from 'svelte';
import { replaceState } from '$app/navigation';
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import { CATEGORIES, type CategoryCode, type IncidentStatus } from '$lib/domain/categories';
import {
	accidentCollectionSchema,
	blackSpotCollectionSchema,
	fireSiteCollectionSchema,
	hexbinCollectionSchema,
	liveIncidentSchema,
	patrolRouteCollectionSchema,
	situationSchema,
	teamCollectionSchema,
	type AccidentCollection,
	type BlackSpotCollection,
	type FireSiteCollection,
	type HexbinCollection,
	type HexbinFeature,
	type IncidentColumns,
	type PatrolRouteCollection,
	type Situation,
	type TeamCollection
} from '$lib/domain/live-layers';
import { decodeIncidentFrame, INCIDENT_COLUMNS_MEDIA_TYPE } from '$lib/domain/incident-wire';
import { may, type Capabilities } from '$lib/domain/permissions';
import { isoAt } from '$lib/domain/time';
import type { MultiPolygonCoords } from '$lib/geo/geometry';
import { pointInMultiPolygon } from '$lib/geo/geometry';
import { GROUP_COLORS } from '$lib/map/category-colors';
import { accidentColor } from '$lib/map/layer-colors';
import {
	emptyColumns,
	rowOf,
	timeHistogram,
	visibleRows,
	withIncident,
	withoutIncident
} from './incident-columns';
import { ApiError, getBinary, getParsed, query } from './live-api';
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
import { newcomers } from './collections';
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

type ContextLayer = 'accidents' | 'fire' | 'teams' | 'patrols';

/**
 * The commanders' live map: the URL-held view, every layer's data, the live feed and what it
 * changes. Components read it from context; every change of filters or layers goes through a
 * method here, which loads what is needed (aborting superseded requests) and writes the URL.
 */
export class CommandMap {
	readonly view: MapView;
	readonly zone: ZoneView;
	readonly user: MapUser | null;
	readonly feed = new LiveFeed();
	readonly log = new LiveLog();

	readonly columns = new Resource<IncidentColumns>();
	readonly hexbins = new Resource<HexbinCollection>();
	readonly accidents = new Resource<AccidentCollection>();
	/** Accident black spots of the 12 months up to the end of the period (with the accidents). */
	readonly blackSpots = new Resource<BlackSpotCollection>();
	readonly fireSites = new Resource<FireSiteCollection>();
	readonly teams = new Resource<TeamCollection>();
	readonly patrols = new Resource<PatrolRouteCollection>();
	readonly situation = new Resource<Situation>();

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
			const area = this.unitArea;
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
				return pointInMultiPolygon([x / n, y / n], area);
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
			signedOut: () => {
				const next = encodeURIComponent(location.pathname + location.search);
				location.assign(`/login?next=${next}`);
			}
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
		for (const r of [
			this.columns,
			this.hexbins,
			this.accidents,
			this.blackSpots,
			this.fireSites,
			this.teams,
			this.patrols,
			this.situation
		]) {
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
		for (const layer of ['accidents', 'fire', 'teams', 'patrols'] as const) {
			if (this.#resourceOf(layer).data !== null || this.view.isOn(layer)) this.#loadLayer(layer);
		}
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
		if (this.accidents.data !== null || this.view.isOn('accidents')) this.#loadLayer('accidents');
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

	#resourceOf(layer: ContextLayer) {
		return {
			accidents: this.accidents,
			fire: this.fireSites,
			teams: this.teams,
			patrols: this.patrols
		}[layer];
	}

	#ensureLayer(layer: LayerName): void {
		if (!this.view.isOn(layer)) return;
		if (layer === 'incidents' || layer === 'heatmap') {
			this.#syncHexbins();
			return;
		}
		if (layer === 'units') return;
		const r = this.#resourceOf(layer);
		if (r.data === null && r.status !== 'loading') this.#loadLayer(layer);
	}

	#loadLayer(layer: ContextLayer): Promise<unknown> {
		const zone = this.zone.data?.zone.properties.code;
		const z = zone ? { zone } : {};
		switch (layer) {
			case 'accidents': {
				const w = this.window;
				const q = query({
					...z,
					from: w.from.toISOString(),
					to: w.sliding ? undefined : w.to.toISOString()
				});
				const spots = query({ ...z, to: w.sliding ? undefined : w.to.toISOString() });
				void this.blackSpots.load((signal) =>
					getParsed(`/api/accidents/black-spots${spots}`, blackSpotCollectionSchema, signal)
				);
				return this.accidents.load((signal) =>
					getParsed(`/api/accidents${q}`, accidentCollectionSchema, signal)
				);
			}
			case 'fire':
				return this.fireSites.load((signal) =>
					getParsed(`/api/fire-sites${query(z)}`, fireSiteCollectionSchema, signal)
				);
			case 'teams':
				return this.teams.load((signal) =>
					getParsed(`/api/teams${query(z)}`, teamCollectionSchema, signal)
				);
			case 'patrols':
				return this.patrols.load((signal) =>
					getParsed(`/api/patrol-routes${query(z)}`, patrolRouteCollectionSchema, signal)
				);
		}
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
				getBinary(
					`/api/incidents/columns${q}`,
					INCIDENT_COLUMNS_MEDIA_TYPE,
					decodeIncidentFrame,
					signal
				)
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
			.load((signal) => getParsed(`/api/incidents/hexbins${q}`, hexbinCollectionSchema, signal))
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
		return this.situation.load((signal) => getParsed('/api/situation', situationSchema, signal));
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
		switch (kind) {
			case 'incident':
				if (change) void this.#onIncident(change.id, change.op);
				break;
			case 'accident':
				this.#debounce('accidents', () => void this.#onAccidents());
				break;
			case 'tip':
				break;
			case 'patrol':
				if (this.patrols.data !== null)
					this.#debounce('patrols', () => void this.#loadLayer('patrols'));
				break;
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
			feature = await getParsed(`/api/incidents/${id}`, liveIncidentSchema);
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

	async #onAccidents(): Promise<void> {
		const before = this.accidents.data;
		await this.#loadLayer('accidents');
		if (!before) return;
		const after = this.accidents.data?.features ?? [];
		for (const f of newcomers(before.features, after, (x) => x.properties.id)) {
			const position: [number, number] = [f.geometry.coordinates[0]!, f.geometry.coordinates[1]!];
			this.log.add({
				key: this.log.nextKey('accident'),
				kind: 'accident',
				id: f.properties.id,
				op: 'insert',
				severity: f.properties.severityClass,
				occurredAt: Date.parse(f.properties.occurredAt),
				kmLabel: f.properties.kmLabel ?? null,
				deaths: f.properties.deaths,
				injuries: f.properties.injuries,
				position,
				receivedAt: Date.now()
			});
			this.log.pulse(position, accidentColor(f.properties.severityClass));
		}
	}
}

export const [getCommandMap, setCommandMap] = createContext<CommandMap>();
