/**
 * How far the board's protected counts are from the truth (README, disclosure rule): the demo zone
 * with 9,000 incidents on PGlite, 24 windows of 30 and of 7 whole days, the board's and the
 * commander's incident totals and 250 m hexagons compared.
 *
 *   npx tsx tests/bench/disclosure-noise.ts
 */
import { loadMigrations, migrate } from '../../src/lib/server/db/migrate';
import { openPGlite } from '../../src/lib/server/db/pglite.engine';
import { seedDemo } from '../../src/lib/server/demo/seed-demo';
import { incidentStats } from '../../src/lib/server/aggregates/incident-stats.query';
import { hexbinsGeoJSON } from '../../src/lib/server/incidents/hexbins.query';

const UNTIL = new Date('2026-11-27T05:00:00Z');
const db = await openPGlite();
await migrate(db, await loadMigrations());
const { zoneId } = await seedDemo(db, { incidents: 9000, until: UNTIL });
const claims = (role: string) => ({
	sub: '00000000-0000-4000-8000-000000000001',
	role: 'authenticated',
	aud: 'authenticated',
	app_metadata: { role, zones: [zoneId], units: [], kind: 'user' }
});
const rel: number[] = [];
const rel7: number[] = [];
const cellErr: number[] = [];
let cellsExact = 0,
	cellsBoard = 0,
	suppressed = 0;
for (let k = 0; k < 24; k++) {
	const to = new Date(Date.UTC(2026, 10, 1) - 7 * 3600e3 - k * 15 * 86400e3);
	const from = new Date(to.getTime() - 30 * 86400e3);
	const from7 = new Date(to.getTime() - 7 * 86400e3);
	const b = await db.asCaller(claims('board') as any, (q) => incidentStats(q, zoneId, from, to));
	const c = await db.asCaller(claims('commander') as any, (q) =>
		incidentStats(q, zoneId, from, to)
	);
	rel.push(Math.abs((b.total ?? 0) - (c.total as number)) / (c.total as number));
	const b7 = await db.asCaller(claims('board') as any, (q) => incidentStats(q, zoneId, from7, to));
	const c7 = await db.asCaller(claims('commander') as any, (q) =>
		incidentStats(q, zoneId, from7, to)
	);
	rel7.push(Math.abs((b7.total ?? 0) - (c7.total as number)) / (c7.total as number));
	const hb = JSON.parse(
		await db.asCaller(claims('board') as any, (q) =>
			hexbinsGeoJSON(q, { zoneId, from, to, sizeM: 250 })
		)
	);
	const hc = JSON.parse(
		await db.asCaller(claims('commander') as any, (q) =>
			hexbinsGeoJSON(q, { zoneId, from, to, sizeM: 250 })
		)
	);
	const exact = new Map(
		hc.features.map((f: any) => [`${f.properties.q},${f.properties.r}`, f.properties.count])
	);
	cellsExact += hc.features.length;
	cellsBoard += hb.features.length;
	for (const f of hb.features) {
		if (f.properties.count === null) suppressed++;
		cellErr.push(
			Math.abs(
				(f.properties.count ?? 0) - (exact.get(`${f.properties.q},${f.properties.r}`) as number)
			)
		);
	}
	if (k === 0) console.log('example', c.total, b.total, c7.total, b7.total);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const p95 = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length * 0.95)]!;
console.log({
	total30: { median: med(rel), p95: p95(rel), max: Math.max(...rel) },
	total7: { median: med(rel7), p95: p95(rel7), max: Math.max(...rel7) },
	cellAbsErr: { median: med(cellErr), p95: p95(cellErr), max: Math.max(...cellErr) },
	cellsExact,
	cellsBoard,
	suppressed
});
await db.close();
