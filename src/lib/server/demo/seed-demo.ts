import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { MultiPolygonCoords } from '$lib/geo/geometry';
import type { Db } from '../db/port';
import { insertDemoPatrols } from './demo-patrols';
import {
	demoPatrolRoutes,
	generateAccidents,
	generateFireSites,
	generateIncidents,
	generateTeams,
	type DemoInput,
	type IncidentRow
} from './generate';

export const DEMO_ZONE_CODE = 'trang-due';
export const DEMO_SEED = 20161;
/** The demo starts on the first day of 2023: three full years and the current one. */
export const DEMO_START = new Date('2022-12-31T17:00:00Z');

export interface DemoOptions {
	incidents: number;
	until?: Date;
	seed?: number;
	seedSqlPath?: string;
	progress?: (message: string) => void;
	batchSize?: number;
}

export interface DemoSummary {
	zoneId: string;
	incidents: number;
	accidents: number;
	fireSites: number;
	teams: number;
	patrolRoutes: number;
	loadMs: number;
}

async function zoneShapes(db: Db) {
	const [row] = await db.query<{
		id: string;
		zone: { coordinates: MultiPolygonCoords };
		park: { coordinates: MultiPolygonCoords };
	}>(
		`select z.id, st_asgeojson(z.boundary)::json as zone, st_asgeojson(p.boundary)::json as park
		from zones z join industrial_parks p on p.zone_id = z.id
		where z.code = $1`,
		[DEMO_ZONE_CODE]
	);
	if (!row) throw new Error('demo zone geography is missing after seed.sql');
	return row;
}

/** Inserts incidents in batches; returns how many were written. */
export async function insertIncidents(
	db: Db,
	zoneId: string,
	rows: Iterable<IncidentRow>,
	opts: { batchSize?: number; onBatch?: (done: number) => void } = {}
): Promise<number> {
	const size = opts.batchSize ?? 10_000;
	let batch: IncidentRow[] = [];
	let done = 0;
	const flush = async () => {
		if (batch.length === 0) return;
		const payload = JSON.stringify(batch);
		await db.transaction(async (tx) => {
			await tx.query(`select set_config('app.bulk_load', 'on', true)`);
			// Ids are drawn first so that each description lands on its own incident.
			await tx.query(
				`with src as materialized (
					select t.*, nextval(pg_get_serial_sequence('incidents', 'id')) as new_id
					from jsonb_to_recordset($2::jsonb) as t(category text, occurred_at timestamptz, reported_at timestamptz,
						lon float8, lat float8, severity int, status text, source text, description text)
				),
				ins as (
					insert into incidents (id, zone_id, category, occurred_at, reported_at, geom, severity, status, source, is_demo)
					overriding system value
					select new_id, $1::uuid, category, occurred_at, reported_at,
						st_setsrid(st_makepoint(lon, lat), 4326), severity, status, source, true
					from src
					returning id
				)
				insert into incident_details (incident_id, zone_id, description)
				select new_id, $1::uuid, description from src where description is not null`,
				[zoneId, payload]
			);
		});
		done += batch.length;
		batch = [];
		opts.onBatch?.(done);
	};
	for (const row of rows) {
		batch.push(row);
		if (batch.length >= size) await flush();
	}
	await flush();
	return done;
}

/** Is the demo zone there with its events? */
export async function demoLoaded(db: Db): Promise<boolean> {
	const [row] = await db.query<{ n: number }>(
		`select count(*)::int as n from zones z
		where z.code = $1 and coalesce((z.metadata -> 'generator' ->> 'complete')::boolean, false)`,
		[DEMO_ZONE_CODE]
	);
	return (row?.n ?? 0) > 0;
}

/**
 * Loads the demo zone: the geography from supabase/seed.sql, then the synthetic events from the
 * deterministic generator. Everything is flagged `is_demo` and the zone's metadata records the
 * generator's seed, end date and the list of estimates.
 */
export async function seedDemo(db: Db, opts: DemoOptions): Promise<DemoSummary> {
	const t0 = performance.now();
	const progress = opts.progress ?? (() => {});
	const seedSql = await readFile(opts.seedSqlPath ?? resolve('supabase/seed.sql'), 'utf8');
	progress('loading demo geography (supabase/seed.sql)');
	await db.exec(seedSql);
	const shapes = await zoneShapes(db);
	const zoneId = shapes.id;
	// Start from a clean slate if an earlier load was interrupted.
	await db.transaction(async (tx) => {
		await tx.query(`select set_config('app.bulk_load', 'on', true)`);
		for (const table of [
			'incidents',
			'accidents',
			'fire_sites',
			'security_teams',
			'patrol_plans',
			'patrol_units'
		]) {
			await tx.query(`delete from ${table} where zone_id = $1 and is_demo`, [zoneId]);
		}
	});

	const input: DemoInput = {
		seed: opts.seed ?? DEMO_SEED,
		until: opts.until ?? new Date(),
		start: DEMO_START,
		zone: shapes.zone.coordinates,
		park: shapes.park.coordinates
	};

	const total = opts.incidents;
	let lastShown = 0;
	// Real incidents arrive in time order, so the table is naturally ordered by time on disk; load
	// the synthetic ones the same way (queries over a period then read few pages).
	const rows = [...generateIncidents(input, total)].sort((a, b) =>
		a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0
	);
	const incidents = await insertIncidents(db, zoneId, rows, {
		batchSize: opts.batchSize,
		onBatch: (done) => {
			if (done === total || done - lastShown >= Math.max(10_000, total / 10)) {
				lastShown = done;
				progress(
					`loading demo data: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} incidents`
				);
			}
		}
	});

	const accidents = generateAccidents(input);
	const fireSites = generateFireSites(input);
	const teams = generateTeams(input, fireSites);
	const routes = demoPatrolRoutes();
	progress(
		`loading demo data: ${accidents.length} accidents, ${fireSites.length} fire-risk sites, ${teams.length} teams, ${routes.length} patrol routes`
	);
	await db.transaction(async (tx) => {
		await tx.query(`select set_config('app.bulk_load', 'on', true)`);
		await tx.query(
			`insert into accidents (zone_id, occurred_at, geom, deaths, injuries, severity_class, vehicles, description, is_demo)
			select $1::uuid, t.occurred_at, st_setsrid(st_makepoint(t.lon, t.lat), 4326), t.deaths, t.injuries,
				t.severity_class, array(select jsonb_array_elements_text(t.vehicles)), t.description, true
			from jsonb_to_recordset($2::jsonb) as t(occurred_at timestamptz, lon float8, lat float8, deaths int,
				injuries int, severity_class int, vehicles jsonb, description text)`,
			[zoneId, JSON.stringify(accidents)]
		);
		await tx.query(
			`insert into fire_sites (zone_id, facility, address, geom, fire_class, annex, managing_level, height_m, floors,
				area_m2, occupants, plan_approved_on, last_inspected_on, open_violations, is_demo)
			select $1::uuid, t.facility, t.address, st_setsrid(st_makepoint(t.lon, t.lat), 4326), t.fire_class, t.annex,
				t.managing_level, t.height_m, t.floors, t.area_m2, t.occupants, t.plan_approved_on, t.last_inspected_on,
				t.open_violations, true
			from jsonb_to_recordset($2::jsonb) as t(facility text, address text, lon float8, lat float8, fire_class text,
				annex text, managing_level text, height_m real, floors int, area_m2 real, occupants int,
				plan_approved_on date, last_inspected_on date, open_violations int)`,
			[zoneId, JSON.stringify(fireSites)]
		);
		await tx.query(
			`insert into security_teams (zone_id, name, kind, members, geom, admin_unit_code, established_on, is_demo)
			select $1::uuid, t.name, t.kind, t.members, g.geom, (admin_unit_at($1::uuid, g.geom, now())).code,
				t.established_on, true
			from jsonb_to_recordset($2::jsonb) as t(name text, kind text, members int, geometry jsonb, established_on date)
			cross join lateral (select st_setsrid(st_geomfromgeojson(t.geometry::text), 4326) as geom) g`,
			[zoneId, JSON.stringify(teams)]
		);
		await insertDemoPatrols(tx, zoneId, routes);
		await tx.query(
			`update zones set metadata = metadata || jsonb_build_object('generator', jsonb_build_object(
				'seed', $2::int, 'start', $3::text, 'until', $4::text, 'incidents', $5::int, 'complete', true,
				'note', 'Synthetic events (dữ liệu mô phỏng): not real cases'))
			where id = $1`,
			[zoneId, input.seed, input.start.toISOString(), input.until.toISOString(), incidents]
		);
	});
	// Statistics for the planner, and the visibility map the viewport's index-only scan relies on
	// (PGlite has no autovacuum to set it; on PostgreSQL this only comes sooner).
	progress('vacuuming and analysing the loaded tables');
	await db.exec(
		'vacuum (analyze) incidents, accidents, fire_sites, security_teams, patrol_plans, patrol_items, patrol_shifts'
	);
	const loadMs = Math.round(performance.now() - t0);
	return {
		zoneId,
		incidents,
		accidents: accidents.length,
		fireSites: fireSites.length,
		teams: teams.length,
		patrolRoutes: routes.length,
		loadMs
	};
}
