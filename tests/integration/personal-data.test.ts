import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAL_FIELDS, type PersonalField } from '../../src/lib/domain/personal-fields';
import { APP_ROLES, claimsOf, type Principal } from '../../src/lib/server/auth/principal';
import { CONTRACTS } from '../../src/lib/server/contracts';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { newSession, send } from '../fixtures/api';
import { apiOperations } from '../fixtures/api-routes';
import { CENTRE, DEMO_TEST_PASSWORD, hoursAgo, type Role } from '../fixtures/constants';
import { ENGINES, openTestDb, principalOf } from '../fixtures/db';

/** The answers that can carry personal fields, as their contracts say. */
const PERSONAL_ANSWERS = Object.fromEntries(
	CONTRACTS.filter((c) => c.contract.personal?.length).map((c) => [c.key, c.contract.personal!])
);

/** How to call one operation so that it answers with everything it can: who, path, body. */
interface Recipe {
	as: Role | null;
	/** The concrete path with its query string; default: the operation's path. */
	url?: string;
	params?: Record<string, string>;
	body?: unknown;
	/** Signed in afresh (the request ends its session). */
	fresh?: true;
	/** The status it answers with (default: a success); refusals carry no data. */
	status?: number;
	/** The answer describes the API (field names are its keys), it carries no data. */
	describesApi?: true;
}

interface Fixtures {
	incidentId: number;
	tipRead: number;
	tipVerify: number;
	tipDuplicate: number;
	tipReject: number;
	tipConvert: number;
	tipNear: number;
	tokenId: string;
	userId: string;
	followUpCode: string;
	patrol: PatrolFixtures;
}

/** Routes and plans the patrol recipes change, one each, so the order of the tests is free. */
interface PatrolFixtures {
	routeRead: string;
	routePatch: string;
	routeDelete: string;
	planRead: string;
	planPut: string;
	planRestore: string;
	planDelete: string;
}

const PATROL_LINE = {
	type: 'LineString',
	coordinates: [
		[106.559, 20.861],
		[106.565, 20.862]
	]
};
const PATROL_SHIFT = { days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '06:00' };
const patrolPlanBody = (name: string) => ({
	name,
	validFrom: '2026-01-01',
	items: [{ kind: 'route', geometry: PATROL_LINE, bufferM: 150 }],
	shifts: [PATROL_SHIFT]
});
const PERIOD = 'from=2026-01-01&to=2026-12-01';

function patrolRecipes(p: PatrolFixtures): Record<string, Recipe> {
	const id = (v: string) => ({ id: v });
	const plan = (path: string, as: Role = 'planner') => ({
		as,
		url: `/api/patrol-plans/${p.planRead}/${path}`,
		params: id(p.planRead)
	});
	return {
		'POST /api/patrol-routes': {
			as: 'planner',
			body: { name: 'Tuyến thử', geometry: PATROL_LINE, bufferM: 150, shift: PATROL_SHIFT }
		},
		'PATCH /api/patrol-routes/{id}': {
			as: 'planner',
			params: id(p.routePatch),
			body: { name: 'Tuyến đổi tên' }
		},
		'DELETE /api/patrol-routes/{id}': { as: 'planner', params: id(p.routeDelete) },
		'GET /api/patrol-routes/{id}/coverage': {
			as: 'commander',
			url: `/api/patrol-routes/${p.routeRead}/coverage?${PERIOD}`,
			params: id(p.routeRead)
		},
		'GET /api/patrol-plans': { as: 'commander' },
		'POST /api/patrol-plans': { as: 'planner', body: patrolPlanBody('Kế hoạch mới') },
		'GET /api/patrol-plans/{id}': { as: 'commander', params: id(p.planRead) },
		'PUT /api/patrol-plans/{id}': {
			as: 'planner',
			params: id(p.planPut),
			body: { ...patrolPlanBody('Kế hoạch sửa'), version: 1 }
		},
		'DELETE /api/patrol-plans/{id}': {
			as: 'planner',
			url: `/api/patrol-plans/${p.planDelete}?version=1`,
			params: id(p.planDelete)
		},
		'GET /api/patrol-plans/{id}/versions': { as: 'commander', params: id(p.planRead) },
		'GET /api/patrol-plans/{id}/versions/{version}': {
			as: 'commander',
			params: { id: p.planRead, version: '1' }
		},
		'POST /api/patrol-plans/{id}/restore': {
			as: 'planner',
			params: id(p.planRestore),
			body: { restore: 1, version: 2 }
		},
		'GET /api/patrol-plans/{id}/coverage': plan(`coverage?${PERIOD}`, 'commander'),
		'GET /api/patrol-plans/{id}/hour-of-week': plan(`hour-of-week?${PERIOD}`),
		'GET /api/patrol-plans/{id}/hotspots': plan(`hotspots?${PERIOD}`),
		'GET /api/patrol-plans/{id}/dosage': plan(`dosage?${PERIOD}`),
		'GET /api/patrol-plans/{id}/proposal': plan(`proposal?${PERIOD}&k=3&seed=7`),
		'GET /api/patrol-plans/{id}/export': plan('export?format=kml'),
		'POST /api/patrol-plans/import': {
			as: 'planner',
			body: {
				text: JSON.stringify({
					type: 'FeatureCollection',
					features: [{ type: 'Feature', geometry: PATROL_LINE, properties: { name: 'Tuyến' } }]
				})
			}
		},
		'POST /api/patrol-positions': {
			as: 'dispatcher',
			body: [{ unit: 'CA-AP-1', ts: hoursAgo(0.1), ...CENTRE }],
			status: 202
		},
		'GET /api/patrol-positions/live': { as: 'commander' }
	};
}

const M_PER_DEG_LAT = 110_715;

/**
 * One recipe per operation of the API. A route file with a verb missing here fails the test
 * "every API operation has a recipe", so a new endpoint cannot skip the personal-data check.
 */
function recipes(f: Fixtures): Record<string, Recipe> {
	const id = (n: number | string) => ({ id: String(n) });
	return {
		'GET /api/accidents': { as: 'commander' },
		'GET /api/accidents/black-spots': { as: 'commander' },
		'GET /api/admin-units': { as: 'commander' },
		'GET /api/admin/audit': { as: 'admin', url: '/api/admin/audit?limit=500' },
		'GET /api/admin/audit/verify': { as: 'admin' },
		'GET /api/admin/scopes': { as: 'admin' },
		'GET /api/admin/tokens': { as: 'admin' },
		'POST /api/admin/tokens': {
			as: 'admin',
			body: { name: 'máy đọc thử', role: 'planner', expiresInDays: 30 }
		},
		'POST /api/admin/tokens/{id}/revoke': { as: 'admin', params: id(f.tokenId) },
		'GET /api/admin/users': { as: 'admin' },
		'POST /api/admin/users': {
			as: 'admin',
			body: {
				username: 'kiem.thu.moi',
				displayName: 'Kiểm thử mới',
				role: 'planner',
				password: 'Kiểm-thử-mật-khẩu-2026'
			}
		},
		'PATCH /api/admin/users/{id}': {
			as: 'admin',
			params: id(f.userId),
			body: { displayName: 'Kiểm thử đổi tên' }
		},
		'POST /api/auth/login': {
			as: null,
			body: { username: 'planner', password: DEMO_TEST_PASSWORD }
		},
		'POST /api/auth/logout': { as: 'commander', fresh: true },
		'GET /api/auth/me': { as: 'commander' },
		// Supabase Auth is not configured in tests: 404, and nothing else it could answer.
		'POST /api/auth/supabase': {
			as: null,
			body: { accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' },
			status: 404
		},
		'GET /api/analytics/emerging-hotspots': { as: 'board' },
		'GET /api/analytics/hotspots': { as: 'board' },
		'GET /api/analytics/hour-of-week': {
			as: 'board',
			url: '/api/analytics/hour-of-week?from=2026-01-01&to=2026-12-01'
		},
		'GET /api/analytics/kpis': {
			as: 'board',
			url: '/api/analytics/kpis?kind=month&from=2026-10-01&to=2026-11-01'
		},
		'GET /api/analytics/ql10-blackspots': { as: 'board' },
		'GET /api/analytics/ql10-criteria': {
			as: 'board',
			url: '/api/analytics/ql10-criteria?from=2026-01-01&to=2026-12-01'
		},
		'GET /api/analytics/series': {
			as: 'board',
			url: '/api/analytics/series?from=2026-01-01&to=2026-12-01&by=unit'
		},
		'GET /api/fire-sites': { as: 'commander' },
		'GET /api/health': { as: null },
		'GET /api/incidents': { as: 'dispatcher', url: '/api/incidents?from=2026-01-01' },
		'POST /api/incidents': {
			as: 'dispatcher',
			body: {
				category: 'theft',
				occurredAt: hoursAgo(1),
				...CENTRE,
				description: 'Mất xe máy (kiểm thử)',
				reporterName: 'Nguyễn Văn Báo',
				reporterPhone: '0912 000 111',
				people: [{ role: 'victim', name: 'Trần Thị Bị' }]
			}
		},
		'GET /api/incidents/{id}': { as: 'dispatcher', params: id(f.incidentId) },
		'PATCH /api/incidents/{id}': {
			as: 'dispatcher',
			params: id(f.incidentId),
			body: { severity: 2, reporterPhone: '0912 000 222' }
		},
		'GET /api/incidents/columns': {
			as: 'dispatcher',
			url: '/api/incidents/columns?from=2026-01-01'
		},
		'GET /api/incidents/hexbins': { as: 'dispatcher' },
		'GET /api/openapi.json': { as: 'commander', describesApi: true },
		'GET /api/parks': { as: 'commander' },
		'GET /api/patrol-routes': { as: 'commander' },
		'GET /api/public/zone': { as: null },
		'GET /api/roads': { as: 'commander' },
		'GET /api/situation': { as: 'commander' },
		'GET /api/stats/incidents': { as: 'commander' },
		// Without the live hub the test harness answers 503; the stream's events are {id, op}
		// only (tests/integration/stream.test.ts).
		'GET /api/stream': { as: 'commander', status: 503 },
		'GET /api/team-reports': { as: 'commander' },
		'POST /api/team-reports': {
			as: 'team_lead',
			body: { kind: 'suspicious', description: 'Người lạ quanh kho', occurredAt: hoursAgo(1) }
		},
		'GET /api/teams': { as: 'commander' },
		'GET /api/tips': { as: 'dispatcher' },
		'POST /api/tips': {
			as: null,
			body: {
				category: 'theft',
				description: 'Trộm xe máy ở bãi xe công nhân (kiểm thử).',
				location: CENTRE,
				contact: '0987 654 321'
			}
		},
		'GET /api/tips/{id}': { as: 'commander', params: id(f.tipRead) },
		'GET /api/tips/{id}/duplicates': { as: 'dispatcher', params: id(f.tipNear) },
		'POST /api/tips/{id}/verify': { as: 'dispatcher', params: id(f.tipVerify) },
		'POST /api/tips/{id}/duplicate': {
			as: 'dispatcher',
			params: id(f.tipDuplicate),
			body: { of: f.tipNear }
		},
		'POST /api/tips/{id}/reject': {
			as: 'dispatcher',
			params: id(f.tipReject),
			body: { reason: 'Tin trùng lặp, đã xử lý' }
		},
		'POST /api/tips/{id}/convert': { as: 'dispatcher', params: id(f.tipConvert), body: {} },
		'GET /api/tips/counts': { as: 'board' },
		'GET /api/tips/status': {
			as: null,
			url: `/api/tips/status?code=${encodeURIComponent(f.followUpCode)}`
		},
		'GET /api/zones': { as: 'commander' },
		...patrolRecipes(f.patrol)
	};
}

const PERSONAL_KEYS = new Set(Object.keys(PERSONAL_FIELDS));

const filled = (v: unknown) =>
	v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

/** The personal fields an answer carries with a value, wherever they sit in it. */
function personalFieldsIn(body: unknown, bytes: Uint8Array): Set<PersonalField> {
	const found = new Set<PersonalField>();
	const walk = (v: unknown) => {
		if (Array.isArray(v)) v.forEach(walk);
		else if (v && typeof v === 'object') {
			for (const [k, x] of Object.entries(v)) {
				if (PERSONAL_KEYS.has(k) && filled(x)) found.add(k as PersonalField);
				walk(x);
			}
		}
	};
	if (typeof body === 'object') walk(body);
	else {
		// Not JSON (a binary frame, an event stream): look for the keys in the raw text.
		const text = new TextDecoder().decode(bytes);
		for (const k of PERSONAL_KEYS)
			if (new RegExp(`"${k}"\\s*:\\s*(?!null|\\[\\])`).test(text)) found.add(k as PersonalField);
	}
	return found;
}

/** Tip ids whose contact an answer carries. */
function tipIdsWithContact(body: unknown): number[] {
	const ids: number[] = [];
	const walk = (v: unknown) => {
		if (Array.isArray(v)) v.forEach(walk);
		else if (v && typeof v === 'object') {
			const o = v as Record<string, unknown>;
			if (typeof o.id === 'number' && filled(o.contact)) ids.push(o.id);
			Object.values(o).forEach(walk);
		}
	};
	walk(body);
	return ids.sort((a, b) => a - b);
}

type AuditRow = {
	actor_id: string | null;
	actor_role: string | null;
	ip: string | null;
	entity: string;
	details: { fields?: string[]; ids?: number[] };
};

for (const engine of ENGINES) {
	describe(`personal data in API answers on ${engine}`, () => {
		let db: Db;
		const who = {} as Record<Role, Principal>;
		let fx: Fixtures;
		let host = 0;
		const freshIp = () => `198.19.${(host >> 8) & 255}.${host++ & 255}`;

		const maxAuditId = async () =>
			Number(
				(await db.query<{ n: string }>('select coalesce(max(id), 0)::text as n from audit_log'))[0]!
					.n
			);

		/** Routes and plans made through the API as a planner (each recipe changes its own). */
		async function patrolFixtures(): Promise<PatrolFixtures> {
			const route = async () => {
				const res = await send('/api/patrol-routes', {
					as: 'planner',
					body: { name: 'Tuyến thử', geometry: PATROL_LINE, bufferM: 150, shift: PATROL_SHIFT }
				});
				expect(res.status, JSON.stringify(res.body)).toBe(201);
				return res.body.id as string;
			};
			const plan = async () => {
				const res = await send('/api/patrol-plans', {
					as: 'planner',
					body: patrolPlanBody('Kế hoạch thử')
				});
				expect(res.status, JSON.stringify(res.body)).toBe(201);
				return res.body.id as string;
			};
			const planRestore = await plan();
			const saved = await send(`/api/patrol-plans/${planRestore}`, {
				as: 'planner',
				method: 'PUT',
				body: { ...patrolPlanBody('Kế hoạch thử 2'), version: 1 }
			});
			expect(saved.status, JSON.stringify(saved.body)).toBe(200);
			return {
				routeRead: await route(),
				routePatch: await route(),
				routeDelete: await route(),
				planRead: await plan(),
				planPut: await plan(),
				planRestore,
				planDelete: await plan()
			};
		}

		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			for (const r of APP_ROLES) who[r] = await principalOf(db, r);

			const incident = await send('/api/incidents', {
				as: 'dispatcher',
				body: {
					category: 'theft',
					occurredAt: hoursAgo(3),
					...CENTRE,
					description: 'Giật túi xách (kiểm thử)',
					reporterName: 'Lê Văn Báo',
					reporterPhone: '0900 111 222',
					people: [{ role: 'victim', name: 'Phạm Thị Nạn' }]
				}
			});
			expect(incident.status).toBe(201);

			// Tips with a contact, 40 m apart and an hour apart: each is a duplicate candidate of
			// the others, so the duplicates answer carries contacts too.
			const codes: string[] = [];
			for (let i = 0; i < 6; i++) {
				const res = await send('/api/tips', {
					ip: freshIp(),
					body: {
						category: 'snatching',
						description: `Tin báo kiểm thử số ${i}: giật điện thoại ở chợ.`,
						occurredAt: hoursAgo(2 + i / 6),
						location: { lon: CENTRE.lon, lat: CENTRE.lat + (2000 + 40 * i) / M_PER_DEG_LAT },
						contact: `zalo 0912 000 00${i}`
					}
				});
				expect(res.status).toBe(201);
				codes.push(res.body.followUpCode);
			}
			const tips = await db.query<{ id: number }>(
				`select id::int as id from tips order by id desc limit 6`
			);
			const [near, read, verify, duplicate, reject, convert] = tips.map((t) => t.id).reverse();

			const token = await send('/api/admin/tokens', {
				as: 'admin',
				body: { name: 'máy thu hồi thử', role: 'planner', expiresInDays: 1 }
			});
			expect(token.status).toBe(201);
			const user = await send('/api/admin/users', {
				as: 'admin',
				body: {
					username: 'kiem.thu.doi',
					displayName: 'Kiểm thử',
					role: 'planner',
					password: 'Kiểm-thử-mật-khẩu-2027'
				}
			});
			expect(user.status).toBe(201);
			fx = {
				incidentId: incident.body.id,
				tipNear: near!,
				tipRead: read!,
				tipVerify: verify!,
				tipDuplicate: duplicate!,
				tipReject: reject!,
				tipConvert: convert!,
				tokenId: token.body.id,
				userId: user.body.user.id,
				followUpCode: codes[0]!,
				patrol: await patrolFixtures()
			};
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('every API operation has a recipe, and every listed personal answer is an operation', () => {
			const ops = apiOperations();
			expect(ops.length).toBeGreaterThan(40);
			const known = recipes(fx);
			expect(ops.filter((o) => !known[o.key]).map((o) => o.key)).toEqual([]);
			expect(Object.keys(known).filter((k) => !ops.some((o) => o.key === k))).toEqual([]);
			expect(Object.keys(PERSONAL_ANSWERS).filter((k) => !ops.some((o) => o.key === k))).toEqual(
				[]
			);
		});

		it('no caller role can select a personal column; each is read through its auditing function', async () => {
			for (const [key, f] of Object.entries(PERSONAL_FIELDS)) {
				const [row] = await db.query<{ anon: boolean; authenticated: boolean; fn: boolean }>(
					`select has_column_privilege('anon', $1, $2, 'select') as anon,
						has_column_privilege('authenticated', $1, $2, 'select') as authenticated,
						has_function_privilege('authenticated', $3::regproc, 'execute') as fn`,
					[f.table, f.column, f.readThrough]
				);
				expect(row, key).toEqual({ anon: false, authenticated: false, fn: true });
				await expect(
					db.asCaller(claimsOf(who.dispatcher), (q) =>
						q.query(`select ${f.column} from ${f.table} limit 1`)
					),
					key
				).rejects.toMatchObject({ code: '42501' });
			}
		});

		// One test per API operation, in file order; the ones PERSONAL_ANSWERS lists must carry
		// their fields and a read.personal audit row naming them, the others must carry none.
		for (const op of apiOperations()) {
			const listed = PERSONAL_ANSWERS[op.key];
			const title = listed
				? `${op.key} answers with ${listed.join(', ')} only together with a read.personal audit row`
				: `${op.key} answers with no personal field`;
			it(title, async () => {
				const recipe = recipes(fx)[op.key];
				expect(recipe, `no recipe for ${op.key}`).toBeDefined();
				const url =
					recipe!.url ?? op.path.replace(/\{(\w+)\}/g, (_, k: string) => recipe!.params![k]!);
				const before = await maxAuditId();
				const res = await send(url, {
					method: op.verb,
					body: recipe!.body,
					...(recipe!.fresh ? { session: await newSession(recipe!.as!) } : {}),
					as: recipe!.as ?? undefined,
					ip: recipe!.as ? '203.0.113.7' : freshIp()
				});
				if (recipe!.status) expect(res.status).toBe(recipe!.status);
				else expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);

				const found = recipe!.describesApi
					? new Set<PersonalField>()
					: personalFieldsIn(res.body, res.bytes);
				const audits = await db.query<AuditRow>(
					`select actor_id, actor_role, ip, entity, details from audit_log
					where id > $1 and action = 'read.personal' order by id`,
					[before]
				);
				if (!listed) {
					expect([...found], `${op.key} carries personal fields but is not listed`).toEqual([]);
					return;
				}
				expect([...found].sort()).toEqual([...listed].sort());
				const columns = listed.map((k) => PERSONAL_FIELDS[k].column);
				const mine = audits.filter(
					(a) =>
						a.entity === PERSONAL_FIELDS[listed[0]!].entity &&
						columns.every((c) => a.details.fields?.includes(c))
				);
				expect(mine.length, `${op.key} wrote no read.personal audit row`).toBeGreaterThan(0);
				for (const a of mine) {
					expect(a).toMatchObject({
						actor_id: who[recipe!.as!].id,
						actor_role: recipe!.as,
						ip: '203.0.113.7'
					});
				}
				if (listed.includes('contact')) {
					// Every tip whose contact left the server is named in the audit rows.
					const named = mine.flatMap((a) => a.details.ids ?? []).sort((a, b) => a - b);
					expect(named).toEqual(tipIdsWithContact(res.body));
				}
			});
		}

		it('the auditing functions return nothing, and audit nothing, for a caller who may not read, or of another zone', async () => {
			const before = await maxAuditId();
			// A dispatcher of another zone is refused like the roles that never read them.
			const elsewhere = { ...who.dispatcher, zones: ['6f1c2a4e-8b3d-4e5f-9a7b-0c1d2e3f4a5b'] };
			for (const caller of [who.planner, who.board, who.team_lead, elsewhere]) {
				const rows = await db.asCaller(claimsOf(caller), async (q) => [
					...(await q.query('select * from app.read_incident_details($1)', [fx.incidentId])),
					...(await q.query('select * from app.read_tip_contacts($1::bigint[])', [
						[fx.tipRead, fx.tipNear]
					]))
				]);
				expect(rows, `${caller.role} of ${caller.zones.join()}`).toEqual([]);
			}
			expect(await maxAuditId()).toBe(before);
		});
	});
}
