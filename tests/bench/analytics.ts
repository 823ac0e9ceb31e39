/**
 * The board's analytics under load (`BENCH_ONLY=analytics npm run bench`, or `--only analytics`):
 * Gi* hot spots of one period and emerging hot spots over 12 monthly slices, as a commander
 * (exact) and as the board (protected), plus the KPIs and a weekly series by today's wards for
 * reference. Targets (issue 12, PostgreSQL, 1,000,000 incidents): Gi* of one period ≤ 1 s,
 * emerging hot spots ≤ 3 s. Reported, never enforced.
 */
import type { Claims, Db, EngineName } from '../../src/lib/server/db/port';
import {
	incidentEmergingHotspots,
	incidentHotspots
} from '../../src/lib/server/analytics/hotspots.service';
import { incidentKpis, incidentSeries } from '../../src/lib/server/analytics/trends.service';
import { median, mulberry32, summarise, table, type Summary } from './stats';

const DAY_MS = 86_400_000;
const WARMUPS = 2;
const SEED = 0xa7a1;

export const ANALYTICS_TARGETS = {
	/** Gi* of one period (a month), p95. */
	hotspotsP95Ms: { postgres: 1_000, pglite: 1_000 },
	/** Emerging hot spots over 12 monthly slices, p95. */
	emergingP95Ms: { postgres: 3_000, pglite: 3_000 }
} as const satisfies Record<string, Record<EngineName, number>>;

export interface AnalyticsResult {
	/** Gi* of a 30-day window, 250 m cells, band 500 m (the first ring), commander. */
	hotspots30d: Summary & { cellsMedian: number; hotMedian: number };
	/** The same for a 365-day window. */
	hotspots1y: Summary;
	/** The 30-day windows as the board (protected counts computed besides the true ones). */
	hotspots30dBoard: Summary;
	/** Emerging hot spots, 12 monthly slices ending at random months of the last year. */
	emerging12m: Summary & { patternedMedian: number };
	emerging12mBoard: Summary;
	/** Quarter KPIs (3 windows × total, group, category, unit). */
	kpisQuarter: Summary;
	/** A year of weekly counts by today's wards (each incident joined again to them). */
	seriesTodayYear: Summary;
	targets: Record<keyof typeof ANALYTICS_TARGETS, { target: number; met: boolean }>;
}

function claims(role: string, zoneId: string): Claims {
	return {
		sub: '00000000-0000-4000-8000-0000000a7a1c',
		role: 'authenticated',
		aud: 'authenticated',
		app_metadata: { role, zones: [zoneId], units: [], kind: 'user' }
	};
}

/** Vietnam midnight of the first day of the month `k` months before the month of `until`. */
function monthStart(until: Date, k: number): Date {
	const vn = new Date(until.getTime() + 7 * 3_600_000);
	return new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth() - k, 1) - 7 * 3_600_000);
}

async function timed<T>(n: number, fn: (i: number) => Promise<T>) {
	const ms: number[] = [];
	const results: T[] = [];
	for (let i = 0; i < WARMUPS + n; i++) {
		const t0 = performance.now();
		const r = await fn(i);
		if (i >= WARMUPS) {
			ms.push(performance.now() - t0);
			results.push(r);
		}
	}
	return { ms, results };
}

export async function measureAnalytics(
	db: Db,
	engine: EngineName,
	zoneId: string,
	until: Date,
	runs: number,
	log: (m: string) => void
): Promise<AnalyticsResult> {
	const commander = claims('commander', zoneId);
	const board = claims('board', zoneId);
	const rand = mulberry32(SEED);
	const ends = Array.from({ length: WARMUPS + runs }, () =>
		monthStart(until, 1 + Math.floor(rand() * 12))
	);
	const days = (to: Date, n: number) => ({ from: new Date(to.getTime() - n * DAY_MS), to });

	log(`Gi* hot spots, 30 days: ${WARMUPS} warm-ups + ${runs} runs`);
	const h30 = await timed(runs, (i) =>
		db.asCaller(commander, (q) => incidentHotspots(q, { zoneId, ...days(ends[i]!, 30) }))
	);
	log(`Gi* hot spots, 365 days`);
	const h1y = await timed(Math.min(runs, 10), (i) =>
		db.asCaller(commander, (q) => incidentHotspots(q, { zoneId, ...days(ends[i]!, 365) }))
	);
	log(`Gi* hot spots, 30 days, as the board`);
	const h30b = await timed(runs, (i) =>
		db.asCaller(board, (q) => incidentHotspots(q, { zoneId, ...days(ends[i]!, 30) }))
	);
	log(`emerging hot spots, 12 months`);
	const e12 = await timed(Math.min(runs, 20), (i) =>
		db.asCaller(commander, (q) => incidentEmergingHotspots(q, { zoneId, until: ends[i]! }))
	);
	log(`emerging hot spots, 12 months, as the board`);
	const e12b = await timed(Math.min(runs, 20), (i) =>
		db.asCaller(board, (q) => incidentEmergingHotspots(q, { zoneId, until: ends[i]! }))
	);
	log(`quarter KPIs`);
	const kq = await timed(Math.min(runs, 20), (i) =>
		db.asCaller(commander, (q) =>
			incidentKpis(q, { zoneId, kind: 'quarter', from: monthStart(ends[i]!, 3), to: ends[i]! })
		)
	);
	log(`a year of weekly counts by today's wards`);
	const st = await timed(Math.min(runs, 10), (i) =>
		db.asCaller(commander, (q) =>
			incidentSeries(q, {
				zoneId,
				...days(ends[i]!, 365),
				bucket: 'week',
				by: 'unit',
				units: 'today'
			})
		)
	);
	const hotspots30d = {
		...summarise(h30.ms),
		cellsMedian: median(h30.results.map((r) => r.cells)),
		hotMedian: median(
			h30.results.map(
				(r) => r.features.filter((f) => f.properties.hotspotClass.startsWith('hot')).length
			)
		)
	};
	const emerging12m = {
		...summarise(e12.ms),
		patternedMedian: median(
			e12.results.map((r) => r.features.filter((f) => f.properties.pattern !== 'no-pattern').length)
		)
	};
	return {
		hotspots30d,
		hotspots1y: summarise(h1y.ms),
		hotspots30dBoard: summarise(h30b.ms),
		emerging12m,
		emerging12mBoard: summarise(e12b.ms),
		kpisQuarter: summarise(kq.ms),
		seriesTodayYear: summarise(st.ms),
		targets: {
			hotspotsP95Ms: {
				target: ANALYTICS_TARGETS.hotspotsP95Ms[engine],
				met: hotspots30d.p95 <= ANALYTICS_TARGETS.hotspotsP95Ms[engine]
			},
			emergingP95Ms: {
				target: ANALYTICS_TARGETS.emergingP95Ms[engine],
				met: emerging12m.p95 <= ANALYTICS_TARGETS.emergingP95Ms[engine]
			}
		}
	};
}

export function analyticsReport(
	results: { engine: EngineName; analytics?: AnalyticsResult }[]
): string {
	const rows = results.filter((r) => r.analytics);
	if (rows.length === 0) return '';
	const f = (s: Summary) => `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)}`;
	return [
		'Analytics (p50 / p95 ms; commander unless marked):',
		table(
			[
				'engine',
				'Gi* 30 d',
				'Gi* 1 y',
				'Gi* 30 d board',
				'emerging 12 m',
				'emerging board',
				'KPIs quarter',
				'weekly by today’s wards, 1 y',
				'cells',
				'hot cells',
				'patterned cells'
			],
			rows.map(({ engine, analytics: a }) => [
				engine,
				f(a!.hotspots30d),
				f(a!.hotspots1y),
				f(a!.hotspots30dBoard),
				f(a!.emerging12m),
				f(a!.emerging12mBoard),
				f(a!.kpisQuarter),
				f(a!.seriesTodayYear),
				String(a!.hotspots30d.cellsMedian),
				String(a!.hotspots30d.hotMedian),
				String(a!.emerging12m.patternedMedian)
			])
		),
		...rows.map(
			({ engine, analytics: a }) =>
				`  ${engine.padEnd(8)} Gi* p95 ${a!.hotspots30d.p95.toFixed(0)} ms ≤ ${a!.targets.hotspotsP95Ms.target} ms ${a!.targets.hotspotsP95Ms.met ? '✓' : '✗'}` +
				`   emerging p95 ${a!.emerging12m.p95.toFixed(0)} ms ≤ ${a!.targets.emergingP95Ms.target} ms ${a!.targets.emergingP95Ms.met ? '✓' : '✗'}`
		)
	].join('\n');
}
