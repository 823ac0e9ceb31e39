/**
 * The board's analytics endpoints (issue 12) through the real server hooks, on every engine:
 * every endpoint answers what its contract (src/lib/domain/contracts/analytics.ts) states; bad input is a
 * 400 naming the parameter; a role without aggregate access, a caller without a session and a zone
 * outside the caller's scope are refused; the board gets the disclosure rule (no count of 1–2,
 * no z or p) and no incident rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as contracts from '../../src/lib/domain/contracts/analytics';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { cellCentre, circleZone, hexFrame, placeIncidents } from '../fixtures/analytics';
import { demoZoneId, ENGINES, openTestDb } from '../fixtures/db';
import { send } from '../fixtures/api';

const ENDPOINTS = {
	kpis: contracts.analyticsKpis,
	series: contracts.analyticsSeries,
	hourOfWeek: contracts.analyticsHourOfWeek,
	hotspots: contracts.analyticsHotspots,
	emergingHotspots: contracts.analyticsEmergingHotspots,
	ql10Criteria: contracts.analyticsQl10Criteria,
	ql10BlackSpots: contracts.analyticsQl10BlackSpots
};
type AnalyticsEndpoint = keyof typeof ENDPOINTS;

const VN = '+07:00';
/**
 * Before the demo data (it starts in 2023): every incident of December 2020 is one this test
 * placed. In the past, since the board's windows end today.
 */
const DEC = { from: '2020-12-01', to: '2021-01-01' };

/** A request for each endpoint that every aggregate role may send (the demo zone). */
const GOOD: Record<AnalyticsEndpoint, string> = {
	kpis: `kind=month&from=${DEC.from}&to=${DEC.to}`,
	series: `from=2020-01-01&to=${DEC.to}&bucket=month&by=category`,
	hourOfWeek: `from=${DEC.from}&to=${DEC.to}`,
	hotspots: `from=${DEC.from}&to=${DEC.to}&category=theft&cellM=250&bandM=500`,
	emergingHotspots: `until=${DEC.to}&months=12&category=theft`,
	ql10Criteria: `from=2020-01-01&to=${DEC.to}`,
	ql10BlackSpots: `to=${DEC.to}&windowM=500&stepM=100`
};

/** One bad request per endpoint, and the parameter its 400 must name. */
const BAD: [AnalyticsEndpoint, string, string][] = [
	['kpis', `kind=decade&from=${DEC.from}&to=${DEC.to}`, 'kind'],
	['series', `from=${DEC.to}&to=${DEC.from}`, 'to'],
	['series', `from=${DEC.from}&to=${DEC.to}&bucket=day`, 'bucket'],
	['hourOfWeek', `from=2029-02-30&to=${DEC.to}`, 'from'],
	['hourOfWeek', `from=${DEC.from}&to=${DEC.to}&category=shoplifting`, 'category'],
	['hotspots', 'cellM=abc', 'cellM'],
	['hotspots', 'cellM=250&bandM=300', 'bandM'],
	['hotspots', 'rows=1', 'rows'],
	['emergingHotspots', 'months=6', 'months'],
	['emergingHotspots', 'until=yesterday', 'until'],
	['ql10Criteria', `from=${DEC.to}&to=${DEC.from}`, 'to'],
	['ql10BlackSpots', 'windowM=500&stepM=600', 'stepM'],
	['ql10BlackSpots', 'windowM=50', 'windowM']
];

const INCIDENT_ANALYTICS: AnalyticsEndpoint[] = [
	'kpis',
	'series',
	'hourOfWeek',
	'hotspots',
	'emergingHotspots'
];

for (const engine of ENGINES) {
	describe(`the analytics endpoints through the hooks, on ${engine}`, () => {
		let db: Db;
		let host = 0;

		/** A GET through the hooks; `send` checks a 200 against the endpoint's contract. */
		function get(endpoint: AnalyticsEndpoint, query: string, as?: string) {
			return send(`${ENDPOINTS[endpoint].path}?${query}`, {
				as,
				ip: `198.18.212.${host++ % 250}`
			});
		}

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			// A zone no demo account may see.
			await circleZone(db, 'vung-khac', 105.8, 21.0, 1500);
			// December 2020 in the demo zone: five thefts in one cell, one in its neighbour.
			const zoneId = await demoZoneId(db);
			const frame = await hexFrame(db, zoneId);
			const at = (d: number) => new Date(`2020-12-${String(d).padStart(2, '0')}T09:00:00${VN}`);
			const place = (q: number, r: number, day: number) => {
				const [lon, lat] = cellCentre(frame, 250, q, r);
				return { lon, lat, at: at(day), category: 'theft' };
			};
			await placeIncidents(db, zoneId, [
				...[1, 3, 5, 7, 9].map((d) => place(0, 0, d)),
				place(1, 0, 11)
			]);
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('answers the board on every endpoint with what its contract states', async () => {
			for (const [endpoint, query] of Object.entries(GOOD) as [AnalyticsEndpoint, string][]) {
				const res = await get(endpoint, query, 'board');
				expect(res.status, `${endpoint}: ${JSON.stringify(res.body)}`).toBe(200);
				expect(res.headers.get('cache-control')).toBe('no-store');
			}
		});

		it('gives the board counts under the disclosure rule and no z or p, the commander exact figures', async () => {
			const board = await get('hotspots', GOOD.hotspots, 'board');
			const exact = await get('hotspots', GOOD.hotspots, 'commander');
			expect(board.headers.get('content-type')).toMatch(/^application\/geo\+json/);
			expect(board.body).toMatchObject({ cellM: 250, bandM: 500, disclosure: 'protected' });
			expect(exact.body).toMatchObject({ cellM: 250, bandM: 500, disclosure: 'exact', total: 6 });
			const counts = (b: typeof board.body) =>
				new Map(
					b.features.map((f: { properties: { q: number; r: number; count: number | null } }) => [
						`${f.properties.q},${f.properties.r}`,
						f.properties.count
					])
				);
			expect(counts(exact.body).get('0,0')).toBe(5);
			expect(counts(exact.body).get('1,0')).toBe(1);
			// The cell of one incident is never 1 for the board: the cell-key rule publishes a true 1
			// as suppressed ("< 3", null) or as 3, by the cell's key (README, disclosure rule), so a
			// published 3 may stand for 1 to 4.
			expect([null, 3]).toContain(counts(board.body).get('1,0'));
			for (const f of board.body.features) {
				const p = f.properties;
				if (p.count !== null) expect(p.count).toBeGreaterThanOrEqual(3);
				expect(p.giZ).toBeNull();
				expect(p.giP).toBeNull();
			}
			// The statistics are computed on the true counts: the same classes.
			const classes = (b: typeof board.body) =>
				Object.fromEntries(
					b.features.map((f: any) => [
						`${f.properties.q},${f.properties.r}`,
						f.properties.hotspotClass
					])
				);
			expect(classes(board.body)).toEqual(classes(exact.body));
			expect(classes(exact.body)['0,0']).toMatch(/^hot-/);
			const hours = await get('hourOfWeek', GOOD.hourOfWeek, 'board');
			for (const row of hours.body.grid)
				for (const n of row) if (n !== null) expect(n).toBeGreaterThanOrEqual(3);
			const kpis = await get('kpis', GOOD.kpis, 'board');
			for (const r of kpis.body.rows) {
				for (const n of [r.current, r.previous, r.lastYear]) {
					if (n !== null && n !== 0) expect(n).toBeGreaterThanOrEqual(3);
				}
			}
		});

		it('refuses the board hexagons under 200 m with a 400 naming cellM', async () => {
			const res = await get(
				'hotspots',
				`${GOOD.hotspots.replace('cellM=250&bandM=500', 'cellM=150')}`,
				'board'
			);
			expect(res.status).toBe(400);
			expect(res.body.field).toBe('cellM');
		});

		it('answers bad input on every endpoint with a 400 naming the parameter', async () => {
			for (const [endpoint, query, field] of BAD) {
				const res = await get(endpoint, query, 'commander');
				expect(res.status, `${endpoint}?${query}: ${JSON.stringify(res.body)}`).toBe(400);
				expect(res.body.field, `${endpoint}?${query}`).toBe(field);
				expect(res.body.error).toMatch(new RegExp(`^${field}: `));
			}
		});

		it('refuses a caller without a session on every endpoint, and team leads and liaison officers the incident analytics', async () => {
			for (const [endpoint, query] of Object.entries(GOOD) as [AnalyticsEndpoint, string][]) {
				expect((await get(endpoint, query)).status, endpoint).toBe(401);
			}
			for (const role of ['team_lead', 'liaison']) {
				for (const endpoint of INCIDENT_ANALYTICS) {
					const res = await get(endpoint, GOOD[endpoint], role);
					expect(res.status, `${role} ${endpoint}`).toBe(403);
					expect(res.body.error).toEqual(expect.any(String));
				}
			}
			// QL10's figures are published, but a team lead's row-level security shows no accident.
			const lead = await get('ql10BlackSpots', '', 'team_lead');
			expect(lead.status).toBe(200);
			expect(lead.body.features).toEqual([]);
			const commander = await get('ql10BlackSpots', '', 'commander');
			expect(commander.body.features.length).toBeGreaterThan(0);
		});

		it('answers 404 for a zone outside the caller’s scope on every endpoint', async () => {
			for (const [endpoint, query] of Object.entries(GOOD) as [AnalyticsEndpoint, string][]) {
				for (const zone of ['vung-khac', 'khong-co']) {
					const res = await get(endpoint, `${query}&zone=${zone}`, 'board');
					expect(res.status, `${endpoint} ${zone}`).toBe(404);
					expect(res.body.field).toBe('zone');
				}
			}
		});

		it('downloads a report table as CSV with a byte-order mark, under the disclosure rule, and refuses a team lead', async () => {
			const table = (as: string, query: string) =>
				send(`/board/report/units?${query}`, { as, ip: `198.18.214.${host++ % 250}` });
			const csv = await table('board', 'month=2020-12&format=csv');
			expect(csv.status).toBe(200);
			expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
			// Response.text() drops the byte-order mark; tests/e2e/board-report.test.ts reads the bytes.
			const text = csv.body as string;
			const [head, ...rows] = text.trimEnd().split('\r\n');
			expect(head).toBe('Đơn vị,Kỳ này,Kỳ trước,So với kỳ trước,Cùng kỳ năm trước,So với cùng kỳ');
			expect(rows.length).toBeGreaterThan(0);
			for (const row of rows) {
				const current = row.split(',')[1]!;
				// The board's counts: "< 3" or at least 3 (0: no incident at all, published as such).
				if (current !== '< 3' && current !== '0') expect(Number(current)).toBeGreaterThanOrEqual(3);
			}
			expect((await table('team_lead', 'month=2020-12&format=csv')).status).toBe(403);
			expect((await table('board', 'month=2020-13')).status).toBe(400);
			expect((await table('board', 'month=2020-12&zone=vung-khac')).status).toBe(404);
		});

		it('refuses the board incident rows on every route that lists or shows them', async () => {
			for (const path of [
				`/api/incidents?from=${DEC.from}&to=${DEC.to}`,
				`/api/incidents/columns?from=${DEC.from}&to=${DEC.to}`,
				'/api/incidents/1000001'
			]) {
				const res = await send(path, {
					as: 'board',
					ip: `198.18.213.${host++ % 250}`
				});
				expect(res.status, path).toBe(403);
				expect(JSON.stringify(res.body)).not.toMatch(/occurredAt|"geometry"/);
			}
		});
	});
}
