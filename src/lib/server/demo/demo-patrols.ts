import type { Queryable } from '../db/port';
import type { RouteRow } from './generate';

/**
 * The demo's patrol units (synthetic): two patrol groups of the park's police station, one of the
 * ward police, and the patrol of the first company security team (the demo team lead's team, see
 * src/lib/server/auth/accounts.ts), whose team-lead token may post its positions.
 */
export const DEMO_PATROL_UNITS = [
	{ code: 'CA-KCN-1', name: 'Tổ tuần tra 1 – Đồn Công an KCN Tràng Duệ (mô phỏng)', team: false },
	{ code: 'CA-KCN-2', name: 'Tổ tuần tra 2 – Đồn Công an KCN Tràng Duệ (mô phỏng)', team: false },
	{ code: 'CA-AP-1', name: 'Tổ tuần tra Công an phường An Phong (mô phỏng)', team: false },
	{ code: 'TTQ-1', name: 'Tuần tra tổ bảo vệ doanh nghiệp (mô phỏng)', team: true }
] as const;

/** Hotspot stops on the QL10 route: the park's main gate and the QL10 crossing (15 min). */
const QL10_STOPS = [
	{ name: 'Cổng chính KCN', lon: 106.5686, lat: 20.8655 },
	{ name: 'Nút giao QL10 – đường vào KCN', lon: 106.5755, lat: 20.8695 }
];

/**
 * Loads the demo patrol plans, one per demo route (as the migration that introduced plans moved
 * the old routes): the route or area, its shifts, the first two plans with a unit, the QL10 plan
 * with two hotspot stops; version 1 of each kept. Runs in the loader's bulk-load transaction
 * (no audit rows, no announcements).
 */
export async function insertDemoPatrols(
	tx: Queryable,
	zoneId: string,
	routes: RouteRow[]
): Promise<void> {
	await tx.query(
		`insert into patrol_units (zone_id, code, name, team_id, is_demo)
		select $1::uuid, u.code, u.name,
			case when u.team then (select id from security_teams
				where zone_id = $1 and kind = 'company' order by name limit 1) end,
			true
		from jsonb_to_recordset($2::jsonb) as u(code text, name text, team boolean)`,
		[zoneId, JSON.stringify(DEMO_PATROL_UNITS)]
	);
	const plans = routes.map((r, i) => ({
		n: i,
		name: r.name,
		unit: i < 2 ? DEMO_PATROL_UNITS[i]!.code : null,
		kind: r.geometry.type === 'Polygon' ? 'area' : 'route',
		geometry: r.geometry,
		buffer_m: Math.min(1000, Math.max(25, r.buffer_m)),
		shifts: r.schedule.map((sh, n) => ({ ...sh, n })),
		stops: i === 0 ? QL10_STOPS.map((st, n) => ({ ...st, n: n + 1 })) : []
	}));
	await tx.query(
		`with src as (
			select t.*, gen_random_uuid() as plan_id, gen_random_uuid() as item_id
			from jsonb_to_recordset($2::jsonb) as t(n int, name text, unit text, kind text,
				geometry jsonb, buffer_m real, shifts jsonb, stops jsonb)
		),
		plans as (
			insert into patrol_plans (id, zone_id, name, unit_id, valid_from, is_demo, notes)
			select s.plan_id, $1::uuid, s.name,
				(select u.id from patrol_units u where u.zone_id = $1 and u.code = s.unit),
				(select valid_from from zones where id = $1), true, 'Kế hoạch mô phỏng (dữ liệu demo)'
			from src s
			returning id
		),
		items as (
			insert into patrol_items (id, plan_id, zone_id, kind, name, geom, buffer_m, sort_order)
			select s.item_id, s.plan_id, $1::uuid, s.kind, s.name,
				st_setsrid(st_geomfromgeojson(s.geometry::text), 4326), s.buffer_m, 0
			from src s join plans p on p.id = s.plan_id
			returning id
		),
		stops as (
			insert into patrol_items (plan_id, zone_id, kind, name, geom, buffer_m, dwell_min, visits, route_id, sort_order)
			select s.plan_id, $1::uuid, 'stop', st.name, st_setsrid(st_makepoint(st.lon, st.lat), 4326), 100, 15, 2,
				s.item_id, st.n
			from src s
			join items i on i.id = s.item_id
			cross join lateral jsonb_to_recordset(s.stops) as st(name text, lon float8, lat float8, n int)
			returning id
		)
		insert into patrol_shifts (plan_id, zone_id, days, start_min, end_min, sort_order)
		select s.plan_id, $1::uuid, array(select jsonb_array_elements_text(sh.days)::smallint),
			app.hhmm_minutes(sh.start), app.hhmm_minutes(sh."end"), sh.n
		from src s
		join plans p on p.id = s.plan_id
		cross join lateral jsonb_to_recordset(s.shifts) as sh(days jsonb, start text, "end" text, n int)`,
		[zoneId, JSON.stringify(plans)]
	);
	await tx.query(
		`select app.patrol_keep_version(p.id) from patrol_plans p where p.zone_id = $1 and p.is_demo`,
		[zoneId]
	);
}
