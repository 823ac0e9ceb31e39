import { area, booleanPointInPolygon } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { ENGINES, openTestDb } from '../fixtures/db';
import { send } from '../fixtures/api';
import {
	decodeIncidentFrame,
	INCIDENT_COLUMNS_MEDIA_TYPE
} from '../../src/lib/domain/incident-wire';

for (const engine of ENGINES) {
	describe(`HTTP API on ${engine}`, () => {
		let db: Db;
		// The read API as a commander sees it (who may see what is tested in access.test.ts).
		const get = (path: string) => send(path, { as: 'commander' });
		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('GET /api/health reports the engine and the PostGIS version', async () => {
			const res = await get('/api/health');
			expect(res.status).toBe(200);
			// The Supabase-like engine is PostgreSQL reached through the same engine code.
			expect(res.body).toMatchObject({
				ok: true,
				engine: engine === 'supabase' ? 'postgres' : engine
			});
			expect(res.body.postgis).toMatch(/^3\.\d+/);
		});

		it('GET /api/health answers 503 with a reason when the database is gone', async () => {
			setDatabase(undefined);
			try {
				const res = await send('/api/health');
				expect(res.status).toBe(503);
				expect(res.body.ok).toBe(false);
				expect(res.body.reason).toBeTruthy();
			} finally {
				setDatabase({ db, postgisVersion: 'test' });
			}
		});

		it('GET /api/zones returns the demo zone with its geodesic area', async () => {
			const res = await get('/api/zones');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toContain('application/geo+json');
			const [zone] = res.body.features;
			expect(zone.properties).toMatchObject({ code: 'trang-due', isDemo: true });
			// PostGIS geodesic area and turf's spherical area agree to within half a percent.
			expect(zone.properties.areaHa / (area(zone) / 10_000)).toBeCloseTo(1, 2);
		});

		it('GET /api/parks returns Tràng Duệ at about 400 ha', async () => {
			const res = await get('/api/parks');
			const [park] = res.body.features;
			expect(park.properties.name).toBe('KCN Tràng Duệ');
			expect(park.properties.areaHa).toBeGreaterThan(385);
			expect(park.properties.areaHa).toBeLessThan(410);
		});

		it('GET /api/admin-units returns the four communes for 2020 and the successor wards for 2026', async () => {
			const old = await get('/api/admin-units?at=2020-05-01');
			expect(old.body.features.map((f: any) => f.properties.name).sort()).toEqual([
				'Xã An Hòa',
				'Xã Bắc Sơn',
				'Xã Hồng Phong',
				'Xã Lê Lợi'
			]);
			const now = await get('/api/admin-units?at=2026-05-01');
			expect(now.body.features.map((f: any) => f.properties.code).sort()).toEqual([
				'11581',
				'11593',
				'11617'
			]);
			for (const f of now.body.features) {
				expect(f.properties).toMatchObject({
					level: 'ward',
					validFrom: '2025-07-01',
					validTo: null
				});
			}
		});

		it('GET /api/incidents keeps only incidents inside the bbox, period and categories asked for', async () => {
			const bbox = [106.555, 20.86, 106.575, 20.88] as const;
			const res = await get(
				`/api/incidents?bbox=${bbox.join(',')}&from=2026-01-01&to=2026-07-01&category=theft,snatching`
			);
			expect(res.status).toBe(200);
			expect(res.body.features.length).toBeGreaterThan(20);
			for (const f of res.body.features) {
				const [lon, lat] = f.geometry.coordinates;
				expect(lon).toBeGreaterThanOrEqual(bbox[0]);
				expect(lon).toBeLessThanOrEqual(bbox[2]);
				expect(lat).toBeGreaterThanOrEqual(bbox[1]);
				expect(lat).toBeLessThanOrEqual(bbox[3]);
				expect(['theft', 'snatching']).toContain(f.properties.category);
				// Bare dates are Vietnam local days: 2026-01-01 starts at 2025-12-31T17:00Z.
				expect(f.properties.occurredAt >= '2025-12-31T17:00:00Z').toBe(true);
				expect(f.properties.occurredAt < '2026-06-30T17:00:00Z').toBe(true);
				expect(Object.keys(f.properties).sort()).toEqual(
					[
						'adminUnitCode',
						'category',
						'categoryGroup',
						'id',
						'occurredAt',
						'severity',
						'status'
					].sort()
				);
			}
		});

		it('GET /api/incidents without parameters covers the whole zone, newest first', async () => {
			const res = await get('/api/incidents');
			expect(res.body.features).toHaveLength(3000);
			expect(res.body.truncated).toBe(false);
			const times = res.body.features.map((f: any) => f.properties.occurredAt);
			expect([...times].sort().reverse()).toEqual(times);
		});

		it('GET /api/incidents says when a limit cut the result', async () => {
			const res = await get('/api/incidents?limit=10');
			expect(res.body.features).toHaveLength(10);
			expect(res.body.truncated).toBe(true);
			expect(res.headers.get('x-result-truncated')).toBe('true');
		});

		it('GET /api/incidents/columns carries the same incidents as the GeoJSON, as columns', async () => {
			const qs = 'bbox=106.555,20.86,106.575,20.88&from=2026-05-01&to=2026-08-01';
			const geo = await get(`/api/incidents?${qs}`);
			const cols = await get(`/api/incidents/columns?${qs}`);
			expect(cols.status).toBe(200);
			expect(cols.body.count).toBe(geo.body.features.length);
			expect(cols.body.id).toEqual(geo.body.features.map((f: any) => f.id));
			expect(cols.body.lon).toEqual(geo.body.features.map((f: any) => f.geometry.coordinates[0]));
			expect(cols.body.category).toEqual(geo.body.features.map((f: any) => f.properties.category));
			expect(
				cols.body.occurredAt.map((t: number) =>
					new Date(t * 1000).toISOString().replace('.000', '')
				)
			).toEqual(geo.body.features.map((f: any) => f.properties.occurredAt));
		});

		it('GET /api/incidents/columns sends the map the same columns as a binary frame', async () => {
			const qs = 'bbox=106.54,20.85,106.58,20.88&from=2026-03-01&to=2026-09-01';
			const json = await get(`/api/incidents/columns?${qs}`);
			const bin = await send(`/api/incidents/columns?${qs}`, {
				as: 'commander',
				headers: { accept: INCIDENT_COLUMNS_MEDIA_TYPE }
			});
			expect(bin.status).toBe(200);
			expect(bin.headers.get('content-type')).toBe(INCIDENT_COLUMNS_MEDIA_TYPE);
			expect(json.body.count).toBeGreaterThan(100);
			expect(decodeIncidentFrame(bin.bytes)).toEqual(json.body);
			// Smaller than the JSON, and positions within a centimetre of the stored points.
			expect(bin.bytes.byteLength).toBeLessThan(JSON.stringify(json.body).length / 2);
			const geo = await get(`/api/incidents?${qs}&limit=100000`);
			const stored = new Map<number, number[]>(
				geo.body.features.map((f: any) => [f.id, f.geometry.coordinates])
			);
			json.body.id.forEach((id: number, i: number) => {
				const [lon, lat] = stored.get(id)!;
				expect(Math.abs(json.body.lon[i] - lon!)).toBeLessThan(1e-6);
				expect(Math.abs(json.body.lat[i] - lat!)).toBeLessThan(1e-6);
			});
		});

		it('GET /api/incidents/columns keeps the newest incidents when a limit cuts the result', async () => {
			const all = await get('/api/incidents/columns?from=2026-06-01&to=2026-07-01');
			const cut = await send('/api/incidents/columns?from=2026-06-01&to=2026-07-01&limit=25', {
				as: 'commander',
				headers: { accept: INCIDENT_COLUMNS_MEDIA_TYPE }
			});
			const frame = decodeIncidentFrame(cut.bytes)!;
			expect(all.body.truncated).toBe(false);
			expect(frame).toMatchObject({ count: 25, truncated: true });
			expect(frame.id).toEqual(all.body.id.slice(0, 25));
			expect(frame.occurredAt).toEqual([...frame.occurredAt].sort((a, b) => b - a));
		});

		it('GET /api/incidents/hexbins counts every incident of the period exactly once', async () => {
			const from = '2026-09-01T00:00:00%2B07:00';
			const to = '2026-11-01T00:00:00%2B07:00';
			const bins = await get(`/api/incidents/hexbins?from=${from}&to=${to}&size=300`);
			const points = await get(`/api/incidents?from=${from}&to=${to}&limit=100000`);
			const total = bins.body.features.reduce((s: number, f: any) => s + f.properties.count, 0);
			expect(total).toBe(points.body.features.length);
			// Every incident lies inside the hexagon that counted it (spot-check the busiest cell).
			const busiest = bins.body.features[0];
			const inside = points.body.features.filter((p: any) =>
				booleanPointInPolygon(p, busiest)
			).length;
			expect(inside).toBe(busiest.properties.count);
		});

		it('GET /api/incidents/hexbins?status= counts only incidents in those statuses', async () => {
			const from = '2026-09-01T00:00:00%2B07:00';
			const to = '2026-11-27T00:00:00%2B07:00';
			const points = await get(`/api/incidents?from=${from}&to=${to}&limit=100000`);
			const sum = (fc: any) => fc.features.reduce((s: number, f: any) => s + f.properties.count, 0);
			const byStatus = (wanted: string[]) =>
				points.body.features.filter((p: any) => wanted.includes(p.properties.status)).length;
			const open = await get(`/api/incidents/hexbins?from=${from}&to=${to}&status=new,handling`);
			const resolved = await get(`/api/incidents/hexbins?from=${from}&to=${to}&status=resolved`);
			const all = await get(`/api/incidents/hexbins?from=${from}&to=${to}`);
			expect(open.status).toBe(200);
			expect(byStatus(['new', 'handling'])).toBeGreaterThan(0);
			expect(byStatus(['resolved'])).toBeGreaterThan(0);
			expect(sum(open.body)).toBe(byStatus(['new', 'handling']));
			expect(sum(resolved.body)).toBe(byStatus(['resolved']));
			expect(sum(all.body)).toBe(points.body.features.length);
		});

		it('GET /api/incidents/hexbins with an earlier end counts only incidents before it (the time slider)', async () => {
			const from = '2026-10-01T00:00:00%2B07:00';
			const cut = '2026-10-15T12:00:00%2B07:00';
			const to = '2026-11-01T00:00:00%2B07:00';
			const sum = (fc: any) => fc.features.reduce((s: number, f: any) => s + f.properties.count, 0);
			const early = await get(`/api/incidents/hexbins?from=${from}&to=${cut}&size=500`);
			const whole = await get(`/api/incidents/hexbins?from=${from}&to=${to}&size=500`);
			const points = await get(`/api/incidents?from=${from}&to=${cut}&limit=100000`);
			expect(sum(early.body)).toBe(points.body.features.length);
			expect(sum(early.body)).toBeLessThan(sum(whole.body));
		});

		it('GET /api/accidents gives each accident its QL10 chainage as km and Km+m', async () => {
			const res = await get('/api/accidents?from=2026-01-01');
			expect(res.body.features.length).toBeGreaterThan(5);
			for (const f of res.body.features) {
				const { km, kmLabel } = f.properties;
				expect(km).toBeGreaterThan(20.4);
				expect(km).toBeLessThan(30.968);
				const metres = Math.round(km * 1000);
				expect(kmLabel).toBe(
					`Km${Math.floor(metres / 1000)}+${String(metres % 1000).padStart(3, '0')}`
				);
			}
		});

		const BAD: [string, string, string][] = [
			['/api/incidents?bbox=1,2,3', 'bbox', 'three numbers'],
			['/api/incidents?bbox=a,b,c,d', 'bbox', 'not numbers'],
			['/api/incidents?bbox=106.6,20.9,106.5,20.8', 'bbox', 'min above max'],
			['/api/incidents?bbox=190,20,191,21', 'bbox', 'longitude out of range'],
			['/api/incidents?from=yesterday', 'from', 'not a date'],
			['/api/incidents?to=2026-02-30', 'to', 'not a real date'],
			['/api/incidents?from=2026-05-01&to=2026-04-01', 'to', 'to before from'],
			['/api/incidents?category=theft,bribery', 'category', 'unknown category'],
			['/api/incidents?limit=0', 'limit', 'limit zero'],
			['/api/incidents?limit=1e9', 'limit', 'limit not an integer'],
			['/api/incidents?zone=../etc', 'zone', 'not a zone code'],
			['/api/incidents?bbox=1,2,3,4&bbox=1,2,3,4', 'bbox', 'repeated'],
			['/api/incidents?colour=red', 'colour', 'unknown parameter'],
			['/api/admin-units?at=2026-13-01', 'at', 'not a real month'],
			['/api/admin-units?at=01/05/2026', 'at', 'wrong date format'],
			['/api/accidents?from=2026-01-01T25:00', 'from', 'impossible hour'],
			['/api/incidents/hexbins?size=5', 'size', 'cells too small'],
			['/api/incidents/hexbins?status=closed', 'status', 'unknown status']
		];
		it.each(BAD)('GET %s answers 400 naming %s (%s) and lists nothing', async (path, param) => {
			const res = await get(path);
			expect(res.status).toBe(400);
			expect(res.body.field).toBe(param);
			expect(res.body.error).toMatch(new RegExp(`^${param}: `));
			expect(res.body.features).toBeUndefined();
		});

		it('GET /api/incidents?zone=<unknown> answers 404', async () => {
			const res = await get('/api/incidents?zone=no-such-zone');
			expect(res.status).toBe(404);
		});
	});
}
