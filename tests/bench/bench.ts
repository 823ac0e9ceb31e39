/**
 * `npm run bench`: load the demo zone with many incidents on each engine and measure the map's two
 * hot queries (the columnar viewport the map loads, zone-wide hex-bins) as the API runs them, plus
 * the same viewport as GeoJSON for comparison, and cold start.
 *
 *   npx tsx tests/bench/bench.ts [--incidents N] [--engine pglite|postgres|all] [--runs N]
 *     [--only hexbin|viewport|analytics] [--out path]
 *
 * `--only hexbin` (or BENCH_ONLY=hexbin, e.g. through `npm run bench`) measures the hex-bin query
 * alone, as a commander (exact) and as the board (the disclosure rule: whole days, perturbed and
 * suppressed counts); `--only viewport` the viewport query alone (the binary frame, through the
 * incidents read policy); `--only patrols` (BENCH_ONLY=patrols) the patrol plans' coverage,
 * hour-of-week matrix, stop proposal and position ingestion (tests/bench/patrols.ts); `--only
 * analytics` (BENCH_ONLY=analytics) the board's analytics (tests/bench/analytics.ts); the 1M
 * load still takes minutes per engine.
 *
 * The loader (seedDemo) ends with `vacuum (analyze)`, as every demo load does: PGlite has no
 * autovacuum, and the viewport's index-only scan needs the visibility map. Startup parameters in DATABASE_URL's query string reach
 * the server (postgres.js), e.g. `?jit=off&plan_cache_mode=force_custom_plan` to compare settings.
 *
 * PGlite always runs; PostgreSQL runs when DATABASE_URL is set (a fresh database is created on
 * that server and dropped at the end). Targets are reported, never enforced: the process fails
 * only on real errors.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { loadMigrations, migrate } from '../../src/lib/server/db/migrate';
import { openPGlite } from '../../src/lib/server/db/pglite.engine';
import { openPostgres } from '../../src/lib/server/db/postgres.engine';
import { ANON_CLAIMS, type Claims, type Db, type EngineName } from '../../src/lib/server/db/port';
import { seedDemo } from '../../src/lib/server/demo/seed-demo';
import { hexbinsGeoJSON } from '../../src/lib/server/incidents/hexbins.query';
import {
	incidentColumnsFrame,
	incidentsGeoJSON
} from '../../src/lib/server/incidents/incidents.query';
import { decodeIncidentFrame } from '../../src/lib/domain/incident-wire';
import { measurePatrols, patrolReport, type PatrolBench } from './patrols';
import { analyticsReport, measureAnalytics, type AnalyticsResult } from './analytics';
import { median, mulberry32, summarise, table, type Summary } from './stats';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATIONS_DIR = join(ROOT, 'supabase/migrations');
const SEED_SQL = join(ROOT, 'supabase/seed.sql');

/** Fixed end of the demo data, so every run loads the same rows. */
const UNTIL = new Date('2026-11-27T05:00:00Z');
const DAY_MS = 86_400_000;
const WINDOW_DAYS = 30;
const WARMUPS = 3;
const SEED = 0xbe7c;
/** Tràng Duệ park centre; the viewport is ≈ 5 × 5 km around it. */
const CENTRE = [106.5619529, 20.8619428] as const;
const BBOX = [
	CENTRE[0] - 0.024,
	CENTRE[1] - 0.0225,
	CENTRE[0] + 0.024,
	CENTRE[1] + 0.0225
] as const;
const VIEWPORT_LIMIT = 10_000;
/** The columnar endpoint's default limit (src/routes/api/incidents/columns/+server.ts). */
const COLUMNS_LIMIT = 50_000;
const HEX_SIZE_M = 250;

const TARGETS = {
	viewportP95Ms: { postgres: 25, pglite: 50 },
	hexbinP95Ms: { postgres: 100, pglite: 100 },
	/** Issue 9 §1: the board's hex-bin answer under the disclosure rule. */
	hexbinBoardP95Ms: { postgres: 100, pglite: 100 },
	/** Issue 4: the data requests behind a zone-wide 30-day view, on PostgreSQL. */
	zoneViewP95Ms: { postgres: 100, pglite: 100 }
} as const satisfies Record<string, Record<EngineName, number>>;

/**
 * The caller the queries run as. The brief's caller is `anon`; once access control revokes anon's
 * read access to incidents, a commander of the zone (the claims `claimsOf` builds for a signed-in
 * user) sees the same rows, so the bench measures that instead and says so.
 */
async function callerFor(db: Db, zoneId: string): Promise<{ claims: Claims; caller: string }> {
	const [row] = await db.query<{ anon: boolean }>(
		`select has_table_privilege('anon', 'incidents', 'select') as anon`
	);
	if (row?.anon) return { claims: ANON_CLAIMS, caller: 'anon' };
	return {
		claims: {
			sub: '00000000-0000-4000-8000-00000000b0b0',
			role: 'authenticated',
			aud: 'authenticated',
			app_metadata: { role: 'commander', zones: [zoneId], units: [], kind: 'user' }
		},
		caller: 'authenticated (commander of the zone)'
	};
}

interface Window {
	from: Date;
	to: Date;
}

interface EngineResult {
	engine: EngineName;
	serverVersion: string;
	postgisVersion: string;
	/** Planner settings that change these figures a lot (JIT, generic plans, buffer cache). */
	settings: { jit: string; planCacheMode: string; sharedBuffers: string };
	/** Whose claims the queries ran with (see callerFor). */
	caller: string;
	claims: Claims;
	incidents: number;
	/** seedDemo start → last incident batch committed (includes the small seed.sql geography). */
	loadS: number;
	/** The whole seedDemo call (incidents, then accidents, fire sites, teams, routes, vacuum). */
	seedTotalS: number;
	migrateS: number;
	viewport: Summary & { featuresMedian: number; bytesMedian: number; truncatedRuns: number };
	/** The same viewport as GeoJSON (/api/incidents, limit 10,000), for comparison. */
	viewportGeoJSON: Summary & { rowsMedian: number; truncatedRuns: number };
	hexbin: Summary & { cellsMedian: number };
	/** The same hex-bin windows as the board (protected: whole days, perturbed, suppressed). */
	hexbinBoard: Summary & { cellsMedian: number; suppressedMedian: number };
	/**
	 * A zone-wide 30-day view: the three incident requests the map makes (all points as the
	 * binary frame, hex-bins, the situation panel), one after the other, summed.
	 */
	zoneView: Summary & { pointsMedian: number };
	/** With `--only patrols`: the patrol plans' figures. */
	patrols?: PatrolBench;
	coldStart: { openMs: number; firstQueryMs: number; features: number; note: string };
	/** `--only analytics`: the board's analytics (tests/bench/analytics.ts). */
	analytics?: AnalyticsResult;
	targets: {
		viewportP95Ms: { target: number; met: boolean };
		hexbinP95Ms: { target: number; met: boolean };
		hexbinBoardP95Ms: { target: number; met: boolean };
		zoneViewP95Ms: { target: number; met: boolean };
	};
}

// ---------------------------------------------------------------- arguments

function parseOptions() {
	let parsed;
	try {
		parsed = parseArgs({
			options: {
				incidents: { type: 'string', default: '1000000' },
				engine: { type: 'string', default: 'all' },
				runs: { type: 'string', default: '50' },
				only: { type: 'string', default: process.env.BENCH_ONLY || 'all' },
				out: { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false }
			},
			strict: true
		});
	} catch (err) {
		throw new UsageError(err instanceof Error ? err.message : String(err));
	}
	const { values } = parsed;
	if (values.help) {
		console.log(
			'usage: tsx tests/bench/bench.ts [--incidents N] [--engine pglite|postgres|all] [--runs N] [--only hexbin|viewport|patrols|analytics] [--out path]'
		);
		process.exit(0);
	}
	const positiveInt = (name: string, raw: string) => {
		const n = Number(raw.replace(/_/g, ''));
		if (!Number.isInteger(n) || n <= 0)
			throw new UsageError(`--${name} must be a positive integer`);
		return n;
	};
	const url = process.env.DATABASE_URL || undefined;
	let engines: EngineName[];
	switch (values.engine) {
		case 'pglite':
			engines = ['pglite'];
			break;
		case 'postgres':
			if (!url) throw new UsageError('--engine postgres needs DATABASE_URL');
			engines = ['postgres'];
			break;
		case 'all':
			engines = url ? ['pglite', 'postgres'] : ['pglite'];
			break;
		default:
			throw new UsageError(`--engine must be pglite, postgres or all (got ${values.engine})`);
	}
	const only = values.only;
	if (
		only !== 'all' &&
		only !== 'hexbin' &&
		only !== 'viewport' &&
		only !== 'patrols' &&
		only !== 'analytics'
	) {
		throw new UsageError(`--only must be hexbin, viewport, patrols or analytics (got ${only})`);
	}
	const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
	return {
		incidents: positiveInt('incidents', values.incidents),
		runs: positiveInt('runs', values.runs),
		only: only as Only,
		engines,
		url,
		out: values.out ? resolve(values.out) : join(ROOT, 'bench-results', `bench-${stamp}.json`)
	};
}

class UsageError extends Error {}

/** Which measurements run: all, one query alone, or the patrol plans or the board's analytics alone (the others are left empty). */
type Only = 'all' | 'hexbin' | 'viewport' | 'patrols' | 'analytics';

// ---------------------------------------------------------------- cleanup on Ctrl-C

const cleanups = new Set<() => Promise<void>>();
process.once('SIGINT', () => {
	console.error('\ninterrupted: cleaning up');
	void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
});

// ---------------------------------------------------------------- measuring

/** Random 30-day windows ending somewhere in the year before UNTIL; the same on every engine. */
function windows(seed: number, n: number): Window[] {
	const rand = mulberry32(seed);
	return Array.from({ length: n }, () => {
		const to = new Date(UNTIL.getTime() - Math.floor(rand() * 365 * DAY_MS));
		return { from: new Date(to.getTime() - WINDOW_DAYS * DAY_MS), to };
	});
}

/**
 * The viewport query: what the map loads for a view (/api/incidents/columns as the binary frame
 * the map asks for), up to the bytes the server sends.
 */
function viewportQuery(db: Db, claims: Claims, zoneId: string, w: Window) {
	return db.asCaller(claims, (q) =>
		incidentColumnsFrame(q, { zoneId, bbox: BBOX, from: w.from, to: w.to, limit: COLUMNS_LIMIT })
	);
}

/** The same box as GeoJSON (/api/incidents, for other GIS tools), reported for comparison. */
function geojsonQuery(db: Db, claims: Claims, zoneId: string, w: Window) {
	return db.asCaller(claims, (q) =>
		incidentsGeoJSON(q, { zoneId, bbox: BBOX, from: w.from, to: w.to, limit: VIEWPORT_LIMIT })
	);
}

function hexbinQuery(db: Db, claims: Claims, zoneId: string, w: Window) {
	return db.asCaller(claims, (q) =>
		hexbinsGeoJSON(q, { zoneId, from: w.from, to: w.to, sizeM: HEX_SIZE_M })
	);
}

/** The incident requests of a zone-wide view, as separate requests (transactions) in turn. */
async function zoneViewQueries(db: Db, claims: Claims, zoneId: string, w: Window) {
	const frame = await db.asCaller(claims, (q) =>
		incidentColumnsFrame(q, { zoneId, from: w.from, to: w.to, limit: COLUMNS_LIMIT })
	);
	await hexbinQuery(db, claims, zoneId, w);
	await db.asCaller(claims, (q) => q.query(`select app.situation($1) as s`, [zoneId]));
	return frame;
}

/** The steering board of the zone: its hex bins are protected by the disclosure rule. */
function boardClaims(zoneId: string): Claims {
	return {
		sub: '00000000-0000-4000-8000-0000000b0a4d',
		role: 'authenticated',
		aud: 'authenticated',
		app_metadata: { role: 'board', zones: [zoneId], units: [], kind: 'user' }
	};
}

/** Runs `fn` over WARMUPS + runs windows; times only the runs after the warm-ups. */
async function timed<T>(
	ws: Window[],
	fn: (w: Window) => Promise<T>
): Promise<{ ms: number[]; results: T[] }> {
	const ms: number[] = [];
	const results: T[] = [];
	for (const [i, w] of ws.entries()) {
		const t0 = performance.now();
		const r = await fn(w);
		const dt = performance.now() - t0;
		if (i >= WARMUPS) {
			ms.push(dt);
			results.push(r);
		}
	}
	return { ms, results };
}

function logger(engine: EngineName) {
	const t0 = performance.now();
	return (message: string) =>
		console.log(`[${engine} +${((performance.now() - t0) / 1000).toFixed(1)} s] ${message}`);
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;

/** Migrates and loads the demo zone (seedDemo ends with `vacuum (analyze)`). */
async function load(db: Db, incidents: number, log: (m: string) => void) {
	let t = performance.now();
	await migrate(db, await loadMigrations(MIGRATIONS_DIR), log);
	const migrateS = seconds(performance.now() - t);

	t = performance.now();
	let incidentsDoneAt = 0;
	const summary = await seedDemo(db, {
		incidents,
		until: UNTIL,
		seedSqlPath: SEED_SQL,
		progress: (m) => {
			const done = /loading demo data: ([\d,]+) \/ ([\d,]+) incidents/.exec(m);
			if (done && done[1] === done[2]) incidentsDoneAt = performance.now();
			log(m);
		}
	});
	const seedTotalS = seconds(performance.now() - t);
	const loadS = seconds((incidentsDoneAt || performance.now()) - t);
	if (summary.incidents !== incidents) {
		throw new Error(`expected ${incidents} incidents, the loader wrote ${summary.incidents}`);
	}
	log(
		`loaded ${incidents.toLocaleString('en')} incidents in ${loadS} s (seedDemo total ${seedTotalS} s)`
	);
	return { zoneId: summary.zoneId, loadS, seedTotalS, migrateS };
}

async function versions(db: Db) {
	const [row] = await db.query<{
		server: string;
		postgis: string;
		jit: string;
		plan: string;
		buffers: string;
	}>(
		`select current_setting('server_version') as server, postgis_lib_version() as postgis,
			current_setting('jit') as jit, current_setting('plan_cache_mode') as plan,
			current_setting('shared_buffers') as buffers`
	);
	return {
		serverVersion: row!.server,
		postgisVersion: row!.postgis,
		settings: { jit: row!.jit, planCacheMode: row!.plan, sharedBuffers: row!.buffers }
	};
}

function decoded(frame: Uint8Array): { count: number; truncated: boolean } {
	const cols = decodeIncidentFrame(frame);
	if (!cols) throw new Error('the viewport query returned a malformed frame');
	return cols;
}

/**
 * Measures the viewport and hex-bin queries on a loaded database (with `only`, one of them alone,
 * or the patrol plans or the board's analytics alone: the other figures are left empty).
 */
async function measure(
	db: Db,
	zoneId: string,
	runs: number,
	log: (m: string) => void,
	only: Only = 'all'
) {
	const { claims, caller } = await callerFor(db, zoneId);
	log(`queries run as ${caller}`);
	// Skipped measurements time no window at all.
	const alone = only === 'patrols' || only === 'analytics';
	const n = only === 'hexbin' || alone ? 0 : WARMUPS + runs;
	const nOther = only === 'all' ? WARMUPS + runs : 0;
	const nHex = only === 'viewport' || alone ? 0 : WARMUPS + runs;
	log(`viewport query: ${n} windows`);
	const vp = await timed(windows(SEED, n), (w) => viewportQuery(db, claims, zoneId, w));
	const frames = vp.results.map((bytes) => ({ bytes: bytes.byteLength, ...decoded(bytes) }));
	log(`viewport query as GeoJSON: ${nOther} windows`);
	const vc = await timed(windows(SEED, nOther), (w) => geojsonQuery(db, claims, zoneId, w));
	log(`hex-bin query: ${nHex} windows`);
	const hx = await timed(windows(SEED + 1, nHex), (w) => hexbinQuery(db, claims, zoneId, w));
	log(`hex-bin query as the board: ${nHex} windows`);
	const hb = await timed(windows(SEED + 1, nHex), (w) =>
		hexbinQuery(db, boardClaims(zoneId), zoneId, w)
	);
	const patrols =
		only === 'patrols' ? await measurePatrols(db, claims, zoneId, runs, UNTIL, log) : undefined;
	const analytics =
		only === 'analytics'
			? await measureAnalytics(db, db.engine, zoneId, UNTIL, runs, log)
			: undefined;
	log(`zone-wide 30-day view: ${nOther} windows`);
	const zv = await timed(windows(SEED + 2, nOther), (w) => zoneViewQueries(db, claims, zoneId, w));
	const features = (body: string) =>
		(JSON.parse(body) as { features: { properties: { count: number | null } }[] }).features;
	const cells = hx.results.map((body) => features(body).length);
	return {
		caller,
		claims,
		...(patrols ? { patrols } : {}),
		viewport: {
			...summarise(vp.ms),
			featuresMedian: median(frames.map((r) => r.count)),
			bytesMedian: median(frames.map((r) => r.bytes)),
			truncatedRuns: frames.filter((r) => r.truncated).length
		},
		viewportGeoJSON: {
			...summarise(vc.ms),
			rowsMedian: median(vc.results.map((r) => r.count)),
			truncatedRuns: vc.results.filter((r) => r.truncated).length
		},
		hexbin: { ...summarise(hx.ms), cellsMedian: median(cells) },
		hexbinBoard: {
			...summarise(hb.ms),
			cellsMedian: median(hb.results.map((body) => features(body).length)),
			suppressedMedian: median(
				hb.results.map((body) => features(body).filter((f) => f.properties.count === null).length)
			)
		},
		zoneView: {
			...summarise(zv.ms),
			pointsMedian: median(zv.results.map((f) => decoded(f).count))
		},
		analytics
	};
}

/** The window of the first query after a cold start: the latest 30 days, as the map opens. */
const COLD_WINDOW: Window = { from: new Date(UNTIL.getTime() - WINDOW_DAYS * DAY_MS), to: UNTIL };

async function zoneIdOf(db: Db): Promise<string> {
	const [row] = await db.query<{ id: string }>(`select id from zones where code = 'trang-due'`);
	if (!row) throw new Error('demo zone missing');
	return row.id;
}

function withTargets(engine: EngineName, r: Omit<EngineResult, 'targets'>): EngineResult {
	const vp = TARGETS.viewportP95Ms[engine];
	const hx = TARGETS.hexbinP95Ms[engine];
	const hb = TARGETS.hexbinBoardP95Ms[engine];
	const zv = TARGETS.zoneViewP95Ms[engine];
	return {
		...r,
		targets: {
			viewportP95Ms: { target: vp, met: r.viewport.p95 <= vp },
			hexbinP95Ms: { target: hx, met: r.hexbin.p95 <= hx },
			hexbinBoardP95Ms: { target: hb, met: r.hexbinBoard.p95 <= hb },
			zoneViewP95Ms: { target: zv, met: r.zoneView.p95 <= zv }
		}
	};
}

// ---------------------------------------------------------------- engines

async function benchPGlite(incidents: number, runs: number, only: Only): Promise<EngineResult> {
	const log = logger('pglite');
	const dataDir = await mkdtemp(join(os.tmpdir(), 'anninh-bench-'));
	const removeDir = () => rm(dataDir, { recursive: true, force: true });
	cleanups.add(removeDir);
	try {
		log(`creating a database in ${dataDir}`);
		const db = await openPGlite({ dataDir });
		let loaded: Awaited<ReturnType<typeof load>>;
		let measured: Awaited<ReturnType<typeof measure>>;
		let ver: Awaited<ReturnType<typeof versions>>;
		try {
			loaded = await load(db, incidents, log);
			ver = await versions(db);
			measured = await measure(db, loaded.zoneId, runs, log, only);
		} finally {
			await db.close();
		}

		log('cold start: reopening the data directory');
		// The zone id is read after the timed first query, so that query is really the first.
		const t0 = performance.now();
		const again = await openPGlite({ dataDir });
		try {
			const openMs = performance.now() - t0;
			const t1 = performance.now();
			const first = await viewportQuery(again, measured.claims, loaded.zoneId, COLD_WINDOW);
			const firstQueryMs = performance.now() - t1;
			if ((await zoneIdOf(again)) !== loaded.zoneId) throw new Error('zone id changed on reopen');
			return withTargets('pglite', {
				engine: 'pglite',
				...ver,
				incidents,
				...loaded,
				...measured,
				coldStart: {
					openMs: Math.round(openMs),
					firstQueryMs: Math.round(firstQueryMs),
					features: decoded(first).count,
					note: 'openPGlite({ dataDir }) of the loaded database, then its first viewport query (OS file cache warm)'
				}
			});
		} finally {
			await again.close();
		}
	} finally {
		await removeDir();
		cleanups.delete(removeDir);
	}
}

function urlFor(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

async function benchPostgres(
	url: string,
	incidents: number,
	runs: number,
	only: Only
): Promise<EngineResult> {
	const log = logger('postgres');
	const name = `anninh_bench_${randomBytes(4).toString('hex')}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	const dropDb = async () => {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
	};
	try {
		log(`creating database ${name}`);
		await admin.unsafe(`create database ${name}`);
		cleanups.add(dropDb);
		const benchUrl = urlFor(url, name);
		const db = await openPostgres({ url: benchUrl });
		let loaded: Awaited<ReturnType<typeof load>>;
		let measured: Awaited<ReturnType<typeof measure>>;
		let ver: Awaited<ReturnType<typeof versions>>;
		try {
			loaded = await load(db, incidents, log);
			ver = await versions(db);
			measured = await measure(db, loaded.zoneId, runs, log, only);
		} finally {
			await db.close();
		}

		log('cold start: new postgres.js pool');
		const t0 = performance.now();
		const again = await openPostgres({ url: benchUrl });
		try {
			const openMs = performance.now() - t0;
			const t1 = performance.now();
			const first = await viewportQuery(again, measured.claims, loaded.zoneId, COLD_WINDOW);
			const firstQueryMs = performance.now() - t1;
			return withTargets('postgres', {
				engine: 'postgres',
				...ver,
				incidents,
				...loaded,
				...measured,
				coldStart: {
					openMs: Math.round(openMs),
					firstQueryMs: Math.round(firstQueryMs),
					features: decoded(first).count,
					note: 'openPostgres({ url }) (connects lazily), then its first viewport query incl. connecting; server caches warm'
				}
			});
		} finally {
			await again.close();
		}
	} finally {
		if (cleanups.has(dropDb)) {
			log(`dropping database ${name}`);
			await dropDb();
			cleanups.delete(dropDb);
		}
		await admin.end({ timeout: 5 });
	}
}

// ---------------------------------------------------------------- report

/** A figure, or "—" for a measurement that was skipped (`--only`). */
const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const mark = (ok: boolean) => (ok ? '✓' : '✗');

function report(results: EngineResult[]): string {
	const header = [
		'engine',
		'incidents',
		'load s',
		'viewport p50 ms',
		'p95 ms',
		'points',
		'frame kB',
		'hexbin p50 ms',
		'p95 ms',
		'cells',
		'board hexbin p50 ms',
		'p95 ms',
		'cells (< 3)',
		'cold open ms',
		'1st query ms'
	];
	const rows = results.map((r) => [
		r.engine,
		r.incidents.toLocaleString('en'),
		fmt(r.loadS),
		fmt(r.viewport.p50),
		fmt(r.viewport.p95),
		`${Math.round(r.viewport.featuresMedian)}${r.viewport.truncatedRuns ? '*' : ''}`,
		fmt(r.viewport.bytesMedian / 1024, 0),
		fmt(r.hexbin.p50),
		fmt(r.hexbin.p95),
		String(Math.round(r.hexbin.cellsMedian)),
		fmt(r.hexbinBoard.p50),
		fmt(r.hexbinBoard.p95),
		`${Math.round(r.hexbinBoard.cellsMedian)} (${Math.round(r.hexbinBoard.suppressedMedian)})`,
		String(r.coldStart.openMs),
		String(r.coldStart.firstQueryMs)
	]);
	const lines = [table(header, rows)];
	for (const r of results.filter((r) => r.viewport.truncatedRuns)) {
		lines.push(
			`* ${r.engine}: the viewport hit its ${COLUMNS_LIMIT.toLocaleString('en')}-point limit ` +
				`in ${r.viewport.truncatedRuns} of ${r.viewport.runs} runs`
		);
	}
	lines.push(
		'',
		`The same viewport as GeoJSON (/api/incidents, limit ${VIEWPORT_LIMIT.toLocaleString('en')}), same windows:`,
		table(
			['engine', 'p50 ms', 'p95 ms', 'rows', 'truncated runs'],
			results.map((r) => [
				r.engine,
				fmt(r.viewportGeoJSON.p50),
				fmt(r.viewportGeoJSON.p95),
				String(Math.round(r.viewportGeoJSON.rowsMedian)),
				`${r.viewportGeoJSON.truncatedRuns}/${r.viewportGeoJSON.runs}`
			])
		),
		''
	);
	lines.push(
		'Zone-wide 30-day view (all points as the binary frame + hex-bins + situation panel, in turn):',
		table(
			['engine', 'p50 ms', 'p95 ms', 'points'],
			results.map((r) => [
				r.engine,
				fmt(r.zoneView.p50),
				fmt(r.zoneView.p95),
				String(Math.round(r.zoneView.pointsMedian))
			])
		),
		''
	);
	lines.push('Targets (reported, not enforced):');
	for (const r of results) {
		const t = r.targets;
		lines.push(
			`  ${r.engine.padEnd(8)} viewport p95 ${fmt(r.viewport.p95)} ms ≤ ${t.viewportP95Ms.target} ms ${mark(t.viewportP95Ms.met)}` +
				`   hex-bin p95 ${fmt(r.hexbin.p95)} ms ≤ ${t.hexbinP95Ms.target} ms ${mark(t.hexbinP95Ms.met)}` +
				`   board hex-bin p95 ${fmt(r.hexbinBoard.p95)} ms ≤ ${t.hexbinBoardP95Ms.target} ms ${mark(t.hexbinBoardP95Ms.met)}` +
				`   zone view p95 ${fmt(r.zoneView.p95)} ms ≤ ${t.zoneViewP95Ms.target} ms ${mark(t.zoneViewP95Ms.met)}` +
				`   (GeoJSON viewport p95 ${fmt(r.viewportGeoJSON.p95)} ms ${mark(r.viewportGeoJSON.p95 <= t.viewportP95Ms.target)})`
		);
	}
	for (const r of results) {
		lines.push(
			`  ${r.engine}: PostgreSQL ${r.serverVersion}, PostGIS ${r.postgisVersion}; migrate ${r.migrateS} s, ` +
				`seedDemo total ${r.seedTotalS} s (ends with vacuum (analyze)); ` +
				`jit=${r.settings.jit}, plan_cache_mode=${r.settings.planCacheMode}, shared_buffers=${r.settings.sharedBuffers}; ` +
				`queries ran as ${r.caller}`
		);
	}
	return lines.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
	const opts = parseOptions();
	const startedAt = new Date();
	const loadAvgStart = os.loadavg();
	console.log(
		`bench: ${opts.incidents.toLocaleString('en')} incidents, ${opts.runs} runs (+${WARMUPS} warm-ups), ` +
			`engines: ${opts.engines.join(', ')}; viewport bbox ${BBOX.map((x) => x.toFixed(4)).join(',')}, ` +
			`${WINDOW_DAYS}-day windows ending within the year before ${UNTIL.toISOString()}`
	);
	const results: EngineResult[] = [];
	for (const engine of opts.engines) {
		const r =
			engine === 'pglite'
				? await benchPGlite(opts.incidents, opts.runs, opts.only)
				: await benchPostgres(opts.url!, opts.incidents, opts.runs, opts.only);
		// Printed at once, so a failure in a later engine does not lose this one's figures.
		console.log(`[${engine}] result ${JSON.stringify(r)}`);
		results.push(r);
	}

	const cpus = os.cpus();
	const json = {
		timestamp: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		machine: {
			cpus: cpus.length,
			cpuModel: cpus[0]?.model ?? 'unknown',
			totalMemoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
			node: process.version,
			platform: `${os.platform()} ${os.release()}`,
			loadAvgStart,
			loadAvgEnd: os.loadavg()
		},
		options: {
			incidents: opts.incidents,
			runs: opts.runs,
			only: opts.only,
			warmups: WARMUPS,
			engines: opts.engines,
			until: UNTIL.toISOString(),
			windowDays: WINDOW_DAYS,
			windowSeed: SEED,
			bbox: BBOX,
			viewportLimit: VIEWPORT_LIMIT,
			columnsLimit: COLUMNS_LIMIT,
			hexSizeM: HEX_SIZE_M
		},
		targets: TARGETS,
		results
	};
	await mkdir(dirname(opts.out), { recursive: true });
	await writeFile(opts.out, JSON.stringify(json, null, '\t') + '\n');

	console.log('\n' + report(results));
	const patrolFigures = patrolReport(results);
	if (patrolFigures) console.log('\n' + patrolFigures);
	if (opts.only === 'analytics') console.log('\n' + analyticsReport(results));
	console.log(
		`\nmachine: ${cpus.length} CPUs, ${json.machine.totalMemoryGB} GB, Node ${process.version}`
	);
	console.log(`results: ${opts.out}`);
}

main().catch((err: unknown) => {
	if (err instanceof UsageError) {
		console.error(`bench: ${err.message}`);
		process.exit(2);
	}
	console.error(err);
	process.exit(1);
});
