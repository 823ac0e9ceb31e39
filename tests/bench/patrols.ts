/**
 * Patrol plans at scale (issue 11), measured by `npm run bench` with `BENCH_ONLY=patrols` (or
 * `--only patrols`) on a database loaded with the demo zone (1,000,000 incidents by default):
 *
 * - coverage metrics of a ~20 km route network (app.patrol_coverage: buffers, union, clip, the
 *   incidents inside and during shifts) over 30-day windows;
 * - the hour-of-week matrix for the same windows;
 * - the greedy proposal of k = 10 stops over 90-day windows;
 * - ingestion of positions through the SQL path (app.ingest_patrol_positions, one transaction per
 *   batch as the API will run it) from 50 devices at once, each with a team-lead credential of its
 *   unit's team, and a check that every position sent was stored. The HTTP hop comes with the
 *   endpoint (second phase); this measures what the database sustains under it.
 */
import type { Claims, Db, EngineName } from '../../src/lib/server/db/port';
import { createPlan } from '../../src/lib/server/patrols/plans.service';
import {
	hourOfWeek,
	planCoverage,
	proposeStops
} from '../../src/lib/server/patrols/coverage.query';
import { ingestPositions } from '../../src/lib/server/patrols/positions.service';
import { mulberry32, summarise, table, type Summary } from './stats';

const DAY_MS = 86_400_000;
const WARMUPS = 3;
const DEVICES = 50;
const BATCHES_PER_DEVICE = 40;

export const PATROL_TARGETS = {
	coverageP95Ms: { postgres: 500, pglite: 1000 },
	hourOfWeekP95Ms: { postgres: 300, pglite: 300 },
	proposalP95Ms: { postgres: 2000, pglite: 2000 },
	ingestPerS: { postgres: 2000, pglite: 0 }
} as const satisfies Record<string, Record<EngineName, number>>;

export interface PatrolBench {
	networkKm: number;
	coverage: Summary & { incidentsTotalMedian: number; incidentsInsideMedian: number };
	coverageYear: { ms: number; incidentsTotal: number };
	hourOfWeek: Summary;
	proposal: Summary & { coveredMedian: number; uncoveredMedian: number; candidatesMedian: number };
	ingest: {
		devices: number;
		batchSize: number;
		positions: number;
		stored: number;
		seconds: number;
		perSecond: number;
	}[];
}

interface Window {
	from: Date;
	to: Date;
}

function windows(seed: number, n: number, days: number, until: Date): Window[] {
	const rand = mulberry32(seed);
	return Array.from({ length: n }, () => {
		const to = new Date(until.getTime() - Math.floor(rand() * 365 * DAY_MS));
		return { from: new Date(to.getTime() - days * DAY_MS), to };
	});
}

async function timed<T>(ws: Window[], fn: (w: Window) => Promise<T>) {
	const ms: number[] = [];
	const results: T[] = [];
	for (const [i, w] of ws.entries()) {
		const t0 = performance.now();
		const r = await fn(w);
		if (i >= WARMUPS) {
			ms.push(performance.now() - t0);
			results.push(r);
		}
	}
	return { ms, results };
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * The route network: four lines across the zone through its hotspots (≈ 20 km in all, the
 * length is measured and reported), 150 m buffers, ten 15-minute stops, three shifts.
 */
const NETWORK: [number, number][][] = [
	[
		[106.5958, 20.8838],
		[106.582, 20.8745],
		[106.5755, 20.8698],
		[106.5695, 20.8655],
		[106.5645, 20.8575]
	],
	[
		[106.5505, 20.8575],
		[106.5635, 20.8575],
		[106.5692, 20.8662],
		[106.5718, 20.8755],
		[106.553, 20.8755],
		[106.5505, 20.8575]
	],
	[
		[106.5575, 20.8815],
		[106.5645, 20.8805],
		[106.575, 20.882],
		[106.5872, 20.8758],
		[106.595, 20.87]
	],
	[
		[106.5872, 20.8758],
		[106.589, 20.869],
		[106.588, 20.862],
		[106.585, 20.852],
		[106.58, 20.842]
	]
];
const STOPS: [number, number][] = [
	[106.5686, 20.8655],
	[106.562, 20.8765],
	[106.5645, 20.8805],
	[106.5575, 20.8815],
	[106.588, 20.862],
	[106.5755, 20.8695],
	[106.5872, 20.8758],
	[106.5505, 20.8575],
	[106.595, 20.87],
	[106.56, 20.89]
];

async function createNetwork(
	db: Db,
	claims: Claims,
	zoneId: string
): Promise<{ planId: string; km: number }> {
	const plan = await db.asCaller(claims, (q) =>
		createPlan(q, zoneId, {
			name: 'Bench: 20 km network',
			validFrom: '2023-01-01',
			items: [
				{
					kind: 'route',
					name: 'network',
					geometry: { type: 'MultiLineString', coordinates: NETWORK },
					bufferM: 150
				},
				...STOPS.map((c, i) => ({
					kind: 'stop' as const,
					name: `stop ${i + 1}`,
					geometry: { type: 'Point' as const, coordinates: c },
					bufferM: 150,
					dwellMin: 15,
					visits: 2
				}))
			],
			shifts: [
				{ days: [1, 2, 3, 4, 5, 6, 7], start: '05:30', end: '07:30' },
				{ days: [1, 2, 3, 4, 5, 6, 7], start: '13:30', end: '15:30' },
				{ days: [5, 6, 7], start: '21:00', end: '03:00' }
			]
		})
	);
	const [len] = await db.query<{ km: number }>(
		`select sum(st_length(geom::geography)) / 1000 as km from patrol_items where plan_id = $1 and kind = 'route'`,
		[plan.id]
	);
	return { planId: plan.id, km: Math.round(len!.km * 10) / 10 };
}

/** Units BENCH-01 … BENCH-50 of one team, and the team lead's claims for each device. */
async function devices(db: Db, zoneId: string): Promise<{ claims: Claims; unit: string }[]> {
	const [team] = await db.query<{ id: string }>(
		`select id from security_teams where zone_id = $1 order by name limit 1`,
		[zoneId]
	);
	await db.query(
		`insert into patrol_units (zone_id, code, name, team_id)
		select $1, 'BENCH-' || lpad(n::text, 2, '0'), 'Bench device ' || n, $2 from generate_series(1, $3) n
		on conflict (zone_id, code) do nothing`,
		[zoneId, team!.id, DEVICES]
	);
	return Array.from({ length: DEVICES }, (_, i) => ({
		unit: `BENCH-${String(i + 1).padStart(2, '0')}`,
		claims: {
			sub: `00000000-0000-4000-8000-0000000d${String(i).padStart(4, '0')}`,
			role: 'authenticated',
			aud: 'authenticated',
			app_metadata: { role: 'team_lead', zones: [zoneId], units: [], team: team!.id, kind: 'token' }
		}
	}));
}

/** 50 devices post BATCHES_PER_DEVICE batches each, all at once; every position must be stored. */
async function ingest(db: Db, zoneId: string, batchSize: number, round: number) {
	const devs = await devices(db, zoneId);
	const base = Date.now() - 60 * 60_000 - round * 10 * 60_000;
	const [before] = await db.query<{ n: number }>(`select count(*)::int as n from patrol_positions`);
	const t0 = performance.now();
	await Promise.all(
		devs.map(async (d, di) => {
			for (let b = 0; b < BATCHES_PER_DEVICE; b++) {
				const items = Array.from({ length: batchSize }, (_, k) => {
					const i = b * batchSize + k;
					return {
						unit: d.unit,
						ts: new Date(base + i * 1000 + di).toISOString(),
						lon: 106.56 + ((i % 100) / 100) * 0.02,
						lat: 20.86 + (di / DEVICES) * 0.02,
						accuracyM: 8
					};
				});
				const r = await db.asCaller(d.claims, (q) => ingestPositions(q, zoneId, items));
				if (r.rejected.length)
					throw new Error(`ingestion refused ${JSON.stringify(r.rejected[0])}`);
			}
		})
	);
	const seconds = (performance.now() - t0) / 1000;
	const [after] = await db.query<{ n: number }>(`select count(*)::int as n from patrol_positions`);
	const positions = DEVICES * BATCHES_PER_DEVICE * batchSize;
	return {
		devices: DEVICES,
		batchSize,
		positions,
		stored: after!.n - before!.n,
		seconds: Math.round(seconds * 100) / 100,
		perSecond: Math.round(positions / seconds)
	};
}

export async function measurePatrols(
	db: Db,
	claims: Claims,
	zoneId: string,
	runs: number,
	until: Date,
	log: (m: string) => void
): Promise<PatrolBench> {
	const { planId, km } = await createNetwork(db, claims, zoneId);
	log(
		`patrols: a ${km} km route network with 10 stops; coverage over 30-day windows, ${WARMUPS} warm-ups + ${runs} runs`
	);
	const w30 = windows(0x9a7, WARMUPS + runs, 30, until);
	const cov = await timed(w30, (w) =>
		db.asCaller(claims, (q) => planCoverage(q, planId, w.from, w.to))
	);
	log('patrols: the same over the whole last year, once');
	const t0 = performance.now();
	const year = await db.asCaller(claims, (q) =>
		planCoverage(q, planId, new Date(until.getTime() - 365 * DAY_MS), until)
	);
	const yearMs = performance.now() - t0;
	log('patrols: hour-of-week matrix over the same 30-day windows');
	const how = await timed(w30, (w) =>
		db.asCaller(claims, (q) => hourOfWeek(q, planId, w.from, w.to))
	);
	log('patrols: greedy proposal, k = 10, over 90-day windows');
	const w90 = windows(0x9a8, WARMUPS + Math.min(runs, 20), 90, until);
	const prop = await timed(w90, (w) =>
		db.asCaller(claims, (q) => proposeStops(q, planId, w.from, w.to, 10))
	);
	const ingests = [];
	for (const [i, size] of [10, 1].entries()) {
		log(`patrols: ingestion, ${DEVICES} devices at once, batches of ${size}`);
		ingests.push(await ingest(db, zoneId, size, i));
	}
	return {
		networkKm: km,
		coverage: {
			...summarise(cov.ms),
			incidentsTotalMedian: med(cov.results.map((c) => c.incidentsTotal ?? 0)),
			incidentsInsideMedian: med(cov.results.map((c) => c.incidentsInside ?? 0))
		},
		coverageYear: { ms: Math.round(yearMs), incidentsTotal: year.incidentsTotal ?? 0 },
		hourOfWeek: summarise(how.ms),
		proposal: {
			...summarise(prop.ms),
			coveredMedian: med(prop.results.map((p) => p.covered)),
			uncoveredMedian: med(prop.results.map((p) => p.uncovered)),
			candidatesMedian: med(prop.results.map((p) => p.candidates))
		},
		ingest: ingests
	};
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const ok = (met: boolean) => (met ? '✓' : '✗');

export function patrolReport(results: { engine: EngineName; patrols?: PatrolBench }[]): string {
	const rows = results.filter((r) => r.patrols);
	if (rows.length === 0) return '';
	const lines = [
		'Patrol plans (a route network of the length shown, 10 stops, 3 shifts; as a commander):',
		table(
			[
				'engine',
				'network km',
				'coverage p50 ms',
				'p95 ms',
				'incidents (inside)',
				'1 year ms',
				'hour-of-week p50 ms',
				'p95 ms',
				'proposal k=10 p50 ms',
				'p95 ms',
				'covered / uncovered'
			],
			rows.map(({ engine, patrols: p }) => [
				engine,
				f(p!.networkKm),
				f(p!.coverage.p50),
				f(p!.coverage.p95),
				`${Math.round(p!.coverage.incidentsTotalMedian)} (${Math.round(p!.coverage.incidentsInsideMedian)})`,
				String(p!.coverageYear.ms),
				f(p!.hourOfWeek.p50),
				f(p!.hourOfWeek.p95),
				f(p!.proposal.p50),
				f(p!.proposal.p95),
				`${Math.round(p!.proposal.coveredMedian)} / ${Math.round(p!.proposal.uncoveredMedian)}`
			])
		),
		'',
		'Position ingestion through the SQL path (app.ingest_patrol_positions, one transaction per batch), 50 devices at once:',
		table(
			['engine', 'batch', 'positions', 'stored', 's', 'positions/s'],
			rows.flatMap(({ engine, patrols: p }) =>
				p!.ingest.map((i) => [
					engine,
					String(i.batchSize),
					String(i.positions),
					String(i.stored),
					f(i.seconds),
					String(i.perSecond)
				])
			)
		),
		'',
		'Patrol targets (reported, not enforced):'
	];
	for (const { engine, patrols: p } of rows) {
		const t = PATROL_TARGETS;
		const best = Math.max(...p!.ingest.map((i) => i.perSecond));
		lines.push(
			`  ${engine.padEnd(8)} coverage p95 ${f(p!.coverage.p95)} ms ≤ ${t.coverageP95Ms[engine]} ${ok(p!.coverage.p95 <= t.coverageP95Ms[engine])}` +
				`   hour-of-week p95 ${f(p!.hourOfWeek.p95)} ms ≤ ${t.hourOfWeekP95Ms[engine]} ${ok(p!.hourOfWeek.p95 <= t.hourOfWeekP95Ms[engine])}` +
				`   proposal p95 ${f(p!.proposal.p95)} ms ≤ ${t.proposalP95Ms[engine]} ${ok(p!.proposal.p95 <= t.proposalP95Ms[engine])}` +
				(engine === 'postgres'
					? `   ingestion ${best}/s ≥ ${t.ingestPerS.postgres} ${ok(best >= t.ingestPerS.postgres)}`
					: '') +
				`   none lost ${ok(p!.ingest.every((i) => i.stored === i.positions))}`
		);
	}
	return lines.join('\n');
}
