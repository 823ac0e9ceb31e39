import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { may, PERMISSIONS, type Capabilities } from '../../src/lib/domain/permissions';
import {
	APP_ROLES,
	claimsOf,
	type AppRole,
	type Principal
} from '../../src/lib/server/auth/principal';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { disclosures, type ChangeEvent, type Disclosure } from '../../src/lib/server/live/hub';
import { load as layoutLoad } from '../../src/routes/+layout.server';
import { INSIDE_AN_HAI, OUTSIDE_AN_HAI } from '../fixtures/constants';
import { addZone, demoZoneId, ENGINES, openTestDb, principalOf } from '../fixtures/db';

/** Where a test row lies: inside the demo liaison's unit (An Hải), outside it, in another zone. */
type Place = 'inside' | 'outside' | 'otherZone';
const PLACES: Place[] = ['inside', 'outside', 'otherZone'];

/** The tables whose rows the read policies scope by zone and place; those with live events first. */
const EVENT_TABLES = ['incidents', 'accidents', 'tips', 'patrol_routes'] as const;
const TABLES = [...EVENT_TABLES, 'fire_sites', 'security_teams'] as const;
type Table = (typeof TABLES)[number];

/**
 * What each role reads of the rows this test adds, as the role lists in the policies said before
 * they became data (20261127000500 and its successors): the meaning the permissions must keep.
 * `count`: a tip the role may not read, whose zone's tip counts it reads (the live stream says a
 * count changed). Nobody reads anything of a zone outside their scope.
 */
const ZONE_WIDE = { inside: 'row', outside: 'row' } as const;
const UNIT_ONLY = { inside: 'row', outside: null } as const;
const NOTHING = { inside: null, outside: null } as const;
const COUNT_ONLY = { inside: 'count', outside: 'count' } as const;
type Expected = { inside: Disclosure; outside: Disclosure };
const LAYER: Record<AppRole, Expected> = {
	admin: ZONE_WIDE,
	commander: ZONE_WIDE,
	dispatcher: ZONE_WIDE,
	planner: ZONE_WIDE,
	board: ZONE_WIDE,
	liaison: UNIT_ONLY,
	team_lead: NOTHING
};
const EXPECTED: Record<Table, Record<AppRole, Expected>> = {
	incidents: { ...LAYER, board: NOTHING },
	accidents: LAYER,
	fire_sites: LAYER,
	patrol_routes: LAYER,
	// The team lead reads their own team only, none of these.
	security_teams: LAYER,
	tips: {
		admin: ZONE_WIDE,
		commander: ZONE_WIDE,
		dispatcher: ZONE_WIDE,
		planner: COUNT_ONLY,
		board: COUNT_ONLY,
		liaison: NOTHING,
		team_lead: NOTHING
	}
};

/** The permission that reads a table's rows. */
const readPermission = (t: Table) => `${t}.read`;

for (const engine of ENGINES) {
	describe(`one source for permissions on ${engine}`, () => {
		let db: Db;
		let zoneId: string;
		let otherZoneId: string;
		const who = {} as Record<AppRole, Principal>;
		/** The rows this test added, by table and place. */
		const added = {} as Record<Table, Record<Place, string>>;
		/** Their insert events, in the same shape. */
		const events = {} as Record<(typeof EVENT_TABLES)[number], Record<Place, ChangeEvent>>;

		/** Does the role's row-level security let it select the row? */
		const rlsReads = (p: Principal, table: Table, id: string) =>
			db
				.asCaller(claimsOf(p), (q) =>
					q.query<{ n: number }>(`select count(*)::int as n from ${table} where id::text = $1`, [
						id
					])
				)
				.then(([r]) => r!.n === 1);

		/** Does the role read the zone's tip counts (app.tip_counts refuses with 42501 otherwise)? */
		const readsTipCounts = (p: Principal, zone: string) =>
			db
				.asCaller(claimsOf(p), (q) =>
					q.query(`select * from app.tip_counts($1, now() - interval '1 day', now())`, [zone])
				)
				.then(
					() => true,
					(err: { code?: string }) => {
						if (err.code !== '42501') throw err;
						return false;
					}
				);

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			zoneId = await demoZoneId(db);
			for (const r of APP_ROLES) who[r] = await principalOf(db, r);
			otherZoneId = await addZone(
				db,
				'permissions-test',
				'Vùng khác (kiểm thử)',
				[105.9, 21.0, 105.92, 21.02]
			);
			const [before] = await db.query<{ id: number }>(
				`select coalesce(max(id), 0)::int as id from change_events`
			);
			const spots: Record<Place, { zone: string; lon: number; lat: number }> = {
				inside: { zone: zoneId, ...INSIDE_AN_HAI },
				outside: { zone: zoneId, ...OUTSIDE_AN_HAI },
				otherZone: { zone: otherZoneId, lon: 105.91, lat: 21.01 }
			};
			for (const place of PLACES) {
				const { zone, lon, lat } = spots[place];
				const point = `st_setsrid(st_makepoint(${lon}, ${lat}), 4326)`;
				// A patrol route is a line: 50 m along the meridian, away from An Hải's edge.
				const dir = place === 'inside' ? -1 : 1;
				const line = `st_setsrid(st_makeline(st_makepoint(${lon}, ${lat}), st_makepoint(${lon}, ${lat + (dir * 50) / 110_717})), 4326)`;
				const ids = await db.query<{ t: Table; id: string }>(
					`with i as (insert into incidents (zone_id, category, occurred_at, reported_at, geom)
						values ($1, 'theft', now(), now(), ${point}) returning id),
					a as (insert into accidents (zone_id, occurred_at, geom, severity_class)
						values ($1, now(), ${point}, 3) returning id),
					t as (insert into tips (zone_id, description, follow_up_hash, geom)
						values ($1, 'Tin báo kiểm thử quyền hạn', md5(random()::text), ${point}) returning id),
					r as (insert into patrol_routes (zone_id, name, geom)
						values ($1, 'Tuyến kiểm thử', ${line}) returning id),
					f as (insert into fire_sites (zone_id, facility, geom, fire_class, managing_level)
						values ($1, 'Cơ sở kiểm thử', ${point}, 'fire_managed', 'pc07') returning id),
					s as (insert into security_teams (zone_id, name, kind, members, geom)
						values ($1, 'Tổ kiểm thử', 'residential', 5, ${point}) returning id)
					select 'incidents' as t, id::text from i union all select 'accidents', id::text from a
					union all select 'tips', id::text from t union all select 'patrol_routes', id::text from r
					union all select 'fire_sites', id::text from f union all select 'security_teams', id::text from s`,
					[zone]
				);
				for (const { t, id } of ids) (added[t] ??= {} as Record<Place, string>)[place] = id;
			}
			const evs = await db.query<{
				id: number;
				entity: string;
				entity_id: string;
				zone_id: string;
			}>(
				`select id::int, entity, entity_id, zone_id from change_events where id > $1 order by id`,
				[before!.id]
			);
			for (const t of EVENT_TABLES) {
				for (const place of PLACES) {
					const ev = evs.find((e) => e.entity === t && e.entity_id === added[t][place]);
					if (!ev) throw new Error(`no change event for ${t} ${place}`);
					(events[t] ??= {} as Record<Place, ChangeEvent>)[place] = {
						eventId: ev.id,
						table: t,
						op: 'insert',
						id: ev.entity_id,
						zoneId: ev.zone_id
					};
				}
			}
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('the test places lie inside and outside the liaison unit, the routes too', async () => {
			const [row] = await db.query<{ inside: boolean; outside: boolean }>(
				`select
					(select st_covers(u.geom, r.geom) from patrol_routes r where r.id::text = $1) as inside,
					(select st_intersects(u.geom, r.geom) from patrol_routes r where r.id::text = $2) as outside
				from admin_units u where u.code = '11617' and u.valid_to is null`,
				[added.patrol_routes.inside, added.patrol_routes.outside]
			);
			expect(row).toEqual({ inside: true, outside: false });
		});

		it('knows the same roles as the check constraints, the disclosure table and APP_ROLES', async () => {
			const checks = await db.query<{ table: string; def: string }>(
				`select conrelid::regclass::text as table, pg_get_constraintdef(oid) as def
				from pg_constraint where contype = 'c' and conrelid in ('app_users'::regclass, 'api_tokens'::regclass)
					and pg_get_constraintdef(oid) like '%role%'`
			);
			expect(checks.map((c) => c.table).sort()).toEqual(['api_tokens', 'app_users']);
			for (const c of checks) {
				const roles = [...c.def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
				expect(roles.sort(), c.table).toEqual([...APP_ROLES].sort());
			}
			const table = await db.query<{ role: string }>(`select role from app.role_disclosure`);
			expect(table.map((r) => r.role).sort()).toEqual([...APP_ROLES].sort());
		});

		it('knows the same permissions as PERMISSIONS, and refuses a grant its policies would ignore', async () => {
			const rows = await db.query<{ permission: string }>(`select permission from app.permissions`);
			expect(rows.map((r) => r.permission).sort()).toEqual([...PERMISSIONS].sort());
			await expect(
				db.query(
					`insert into app.role_permissions (role, permission, reach) values ('board', 'administration', 'area')`
				)
			).rejects.toMatchObject({ code: '23514' });
		});

		it('refuses a misspelt permission loudly instead of hiding rows', async () => {
			await expect(
				db.asCaller(claimsOf(who.commander), (q) => q.query(`select app.reach('incident.read')`))
			).rejects.toMatchObject({ code: '22023' });
		});

		it('gives each role the rows the role lists gave, in every table and place', async () => {
			const seen: Record<string, Record<string, boolean>> = {};
			for (const table of TABLES) {
				for (const role of APP_ROLES) {
					const got = {} as Record<Place, boolean>;
					for (const place of PLACES)
						got[place] = await rlsReads(who[role], table, added[table][place]);
					seen[`${table} ${role}`] = got;
				}
			}
			const expected = Object.fromEntries(
				TABLES.flatMap((table) =>
					APP_ROLES.map((role) => {
						const e = EXPECTED[table][role];
						return [
							`${table} ${role}`,
							{ inside: e.inside === 'row', outside: e.outside === 'row', otherZone: false }
						];
					})
				)
			);
			expect(seen).toEqual(expected);
		});

		it('the live hub tells each role of a change exactly when row-level security lets it read the row', async () => {
			const decided: Record<string, Record<Place, Disclosure>> = {};
			const wanted: Record<string, Record<Place, Disclosure>> = {};
			for (const role of APP_ROLES) {
				const all = EVENT_TABLES.flatMap((t) => PLACES.map((place) => events[t][place]));
				const hub = await disclosures(db, who[role], all);
				for (const t of EVENT_TABLES) {
					const key = `${t} ${role}`;
					decided[key] = {} as Record<Place, Disclosure>;
					wanted[key] = {} as Record<Place, Disclosure>;
					for (const place of PLACES) {
						decided[key][place] = hub.get(events[t][place].eventId) ?? null;
						const zone = place === 'otherZone' ? otherZoneId : zoneId;
						wanted[key][place] = (await rlsReads(who[role], t, added[t][place]))
							? 'row'
							: t === 'tips' && (await readsTipCounts(who[role], zone))
								? 'count'
								: null;
					}
				}
			}
			expect(decided).toEqual(wanted);
			// …and that is the meaning the role lists had.
			for (const [key, got] of Object.entries(decided)) {
				const [t, role] = key.split(' ') as [Table, AppRole];
				expect(got, key).toEqual({ ...EXPECTED[t][role], otherZone: null });
			}
		});

		it('judges a deleted row where it was', async () => {
			const [before] = await db.query<{ id: number }>(
				`select max(id)::int as id from change_events`
			);
			await db.query(`delete from incidents where id::text = any ($1::text[])`, [
				[added.incidents.inside, added.incidents.outside]
			]);
			const gone = await db.query<{ id: number; entity_id: string }>(
				`select id::int, entity_id from change_events where id > $1 and op = 'delete' order by id`,
				[before!.id]
			);
			expect(gone).toHaveLength(2);
			const hub = await disclosures(
				db,
				who.liaison,
				gone.map((g) => ({ eventId: g.id }))
			);
			const byRow = Object.fromEntries(gone.map((g) => [g.entity_id, hub.get(g.id)]));
			expect(byRow).toEqual({ [added.incidents.inside]: 'row', [added.incidents.outside]: null });
		});

		it('app.can answers for one row what the read policy answers, for every table and role', async () => {
			for (const table of TABLES) {
				// This test's rows and up to 300 of the demo's (enough to cross units and teams).
				const rows = await db.query<{
					id: string;
					zone_id: string;
					g: string;
					team: string | null;
				}>(
					`select id::text, zone_id::text, encode(st_asewkb(geom), 'hex') as g,
						${table === 'security_teams' ? 'id::text' : 'null'} as team
					from ${table} order by id::text = any ($1::text[]) desc, id::text limit 300`,
					[Object.values(added[table])]
				);
				expect(rows.length).toBeGreaterThan(2);
				for (const role of APP_ROLES) {
					const [r] = await db.asCaller(claimsOf(who[role]), (q) =>
						q.query<{ can: string[]; rls: string[] }>(
							`select
								coalesce((select array_agg(x.id order by x.id)
									from unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[]) as x(id, zone, g, team)
									where app.can($5, x.zone, st_geomfromewkb(decode(x.g, 'hex')), x.team)), '{}') as can,
								coalesce((select array_agg(t.id::text order by t.id::text) from ${table} t
									where t.id::text = any ($1::text[])), '{}') as rls`,
							[
								rows.map((x) => x.id),
								rows.map((x) => x.zone_id),
								rows.map((x) => x.g),
								rows.map((x) => x.team),
								readPermission(table)
							]
						)
					);
					expect(r!.can, `${table} ${role}`).toEqual(r!.rls);
				}
			}
		});

		it('offers "New incident" exactly to the roles the database lets insert one', async () => {
			for (const role of APP_ROLES) {
				const caps = who[role].capabilities;
				const inserted = await db
					.asCaller(claimsOf(who[role]), async (q) => {
						await q.query(
							`insert into incidents (zone_id, category, occurred_at, reported_at, geom)
							values ($1, 'theft', now(), now(), st_setsrid(st_makepoint($2, $3), 4326))`,
							[zoneId, INSIDE_AN_HAI.lon, INSIDE_AN_HAI.lat]
						);
						throw new Error('roll back');
					})
					.then(
						() => true,
						(err: Error & { code?: string }) => {
							if (err.message === 'roll back') return true;
							if (err.code === '42501') return false;
							throw err;
						}
					);
				expect(may(caps, 'incidents.write'), role).toBe(inserted);
			}
		});

		it("gives the page the caller's capabilities from the layout load, as the database answers them", async () => {
			for (const role of APP_ROLES) {
				const data = (await layoutLoad({
					locals: { principal: who[role], lang: 'vi', ip: '127.0.0.1', userAgent: 't' }
				} as never)) as { capabilities: Capabilities; user: { role: string } };
				expect(data.user.role).toBe(role);
				expect(data.capabilities, role).toEqual(who[role].capabilities);
			}
			const [board] = await db.query<{ c: Capabilities }>(
				`select app.role_capabilities('board') as c`
			);
			expect(board!.c).toEqual({
				permissions: {
					'accidents.read': 'zone',
					'aggregates.read': 'zone',
					'fire_sites.read': 'zone',
					'patrol_routes.read': 'zone',
					'security_teams.read': 'zone'
				},
				aggregateOnly: true
			});
			const signedOut = (await layoutLoad({ locals: { lang: 'vi' } } as never)) as {
				capabilities: unknown;
			};
			expect(signedOut.capabilities).toBeNull();
		});
	});
}
