import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../src/lib/domain/api-text';
import { GLOBAL_PARAMS } from '../../src/lib/domain/params';
import { isPublicApi } from '../../src/lib/server/auth/routes';
import { setDatabase } from '../../src/lib/server/db/instance';
import { LiveHub } from '../../src/lib/server/live/hub';
import type { Db } from '../../src/lib/server/db/port';
import { send, sessionOf, type ApiRequest } from '../fixtures/api';
import { apiOperations, type ApiOperation } from '../fixtures/api-routes';
import { CENTRE, hoursAgo, inMinutes, NO_SUCH_UUID } from '../fixtures/constants';
import {
	bodyFields,
	contractOperations,
	isText,
	parametersOf,
	timeFormatOf,
	type ContractOperation,
	type DocField
} from '../fixtures/contract-fields';
import { ENGINES, openTestDb, principalOf } from '../fixtures/db';
import {
	fieldSpecOf,
	IMPOSSIBLE_TIMES,
	MARKUP,
	payloadsFor,
	prng,
	serialise,
	SQL,
	type EndpointSpec,
	type FieldSpec,
	type Payload
} from './hostile.payloads';

type WriteEndpoint = ApiOperation;

/** Every exported write verb of every API route file. */
const writeEndpoints = (): WriteEndpoint[] => apiOperations().filter((o) => o.verb !== 'GET');

/** Who may call what: the fuzzer calls as someone allowed, so refusals come from the input. */
function callerOf(verb: string, path: string): string | null | undefined {
	const concrete = path.replace(/\{\w+\}/g, '1');
	if (isPublicApi(verb, concrete)) return null;
	if (path.startsWith('/api/admin/')) return 'admin';
	if (verb === 'GET') return 'dispatcher';
	if (path.startsWith('/api/incidents') || path.startsWith('/api/tips/')) return 'dispatcher';
	if (path.startsWith('/api/team-reports')) return 'team_lead';
	return undefined;
}
const writerOf = (e: WriteEndpoint) => callerOf(e.verb, e.path);

/**
 * The database state a refused request must leave as it was (the audit log is checked apart),
 * each table as the row text to compare: a session's idle timer is touched by any request.
 */
const TABLES: Record<string, string> = {
	incidents: 'x::text',
	incident_details: 'x::text',
	tips: 'x::text',
	team_reports: 'x::text',
	app_users: 'x::text',
	user_zones: 'x::text',
	user_units: 'x::text',
	sessions: '(x.id, x.user_id, x.expires_at, x.revoked_at)::text',
	api_tokens: 'x::text',
	patrol_routes: 'x::text',
	security_teams: 'x::text',
	zones: 'x::text'
};

async function snapshot(db: Db): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const [t, text] of Object.entries(TABLES)) {
		const [row] = await db.query<{ n: number; h: string }>(
			`select count(*)::int as n, md5(coalesce(string_agg(${text}, '|' order by ${text}), '')) as h
			from ${t} x`
		);
		out[t] = `${row!.n}:${row!.h}`;
	}
	return out;
}

interface Fixtures {
	incidentId: number;
	tipOpen: number;
	tipOther: number;
	tipFinal: number;
	plannerId: string;
	adminId: string;
}

/** What each write endpoint accepts, and bodies of the right shape it must still refuse. */
function specs(f: Fixtures): Record<string, EndpointSpec> {
	const tip = () => ({
		category: 'theft',
		description: 'Hai thanh niên đi xe máy giật túi xách ở cổng số 2.',
		occurredAt: hoursAgo(2),
		location: CENTRE,
		contact: '0912 345 678'
	});
	return {
		'POST /api/auth/login': {
			body: 'json',
			maxBytes: 8 * 1024,
			valid: () => ({ username: 'no-such-user', password: 'wrong password 1' })
		},
		'POST /api/auth/logout': { body: 'none' },
		'POST /api/auth/supabase': {
			body: 'json',
			maxBytes: 16 * 1024,
			valid: () => ({ accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }),
			overrides: { accessToken: { min: 1 } }
		},
		'POST /api/incidents': {
			body: 'json',
			valid: () => ({
				category: 'theft',
				occurredAt: hoursAgo(1),
				...CENTRE,
				description: 'Mất xe máy trước cổng khu công nghiệp',
				reporterName: 'Nguyễn Văn A',
				reporterPhone: '0912 345 678',
				people: [{ role: 'victim', name: 'Trần Thị B' }]
			}),
			overrides: { zone: { dbDefects: ['no-such-zone'] } },
			refusedBodies: [
				[
					'a point outside the zone',
					{ category: 'theft', occurredAt: hoursAgo(1), lon: 0, lat: 0, description: 'x' }
				],
				[
					'a point in the sea',
					{ category: 'theft', occurredAt: hoursAgo(1), lon: 107.5, lat: 20.5, description: 'x' }
				],
				[
					'ten minutes in the future',
					{ category: 'theft', occurredAt: inMinutes(10), ...CENTRE, description: 'x' }
				]
			]
		},
		'PATCH /api/incidents/{id}': {
			body: 'json',
			realId: String(f.incidentId),
			idKind: 'int',
			valid: () => ({ severity: 2, description: 'Đã xác minh tại chỗ' }),
			refusedBodies: [
				['new → resolved skips handling', { status: 'resolved', description: 'x' }],
				['lon without lat', { lon: 106.56, description: 'x' }],
				['lat without lon', { lat: 20.86, description: 'x' }],
				['ten minutes in the future', { occurredAt: inMinutes(10), description: 'x' }],
				['nothing to change', {}]
			]
		},
		'POST /api/team-reports': {
			body: 'json',
			valid: () => ({
				kind: 'patrol',
				description: 'Tuần tra khu nhà trọ công nhân',
				occurredAt: hoursAgo(1),
				...CENTRE
			}),
			refusedBodies: [
				[
					'lon without lat',
					{ kind: 'patrol', description: 'x', occurredAt: hoursAgo(1), lon: 106.5 }
				],
				[
					'ten minutes in the future',
					{ kind: 'patrol', description: 'x', occurredAt: inMinutes(10) }
				]
			]
		},
		'POST /api/tips': {
			body: 'json',
			valid: tip,
			// The schemas check their text fields' lengths in code points, which JSON Schema cannot say.
			overrides: {
				description: { min: 10, max: 4000 },
				contact: { max: 200 },
				// The honeypot takes any text: only its type is checked.
				website: { kind: 'string' },
				zone: { dbDefects: ['no-such-zone'] }
			},
			refusedBodies: [
				['a place outside the zone', { ...tip(), location: { lon: 0, lat: 0 } }],
				['a place far away', { ...tip(), location: { lon: -122.4, lat: 37.8 } }],
				['more than a year ago', { ...tip(), occurredAt: '2020-01-01T00:00:00+07:00' }],
				['a line break in the contact', { ...tip(), contact: '0912\n345' }]
			]
		},
		'POST /api/tips/{id}/verify': { body: 'none', idKind: 'int' },
		'POST /api/tips/{id}/convert': {
			body: 'optional-json',
			realId: String(f.tipOpen),
			idKind: 'int',
			valid: () => ({ category: 'theft', severity: 2 }),
			refusedBodies: [
				['lon without lat', { lon: 106.56 }],
				['a point outside the zone', { lon: 0, lat: 0 }],
				['a tip already rejected', { category: 'theft' }, { id: String(f.tipFinal) }]
			]
		},
		'POST /api/tips/{id}/duplicate': {
			body: 'json',
			realId: String(f.tipOpen),
			idKind: 'int',
			valid: () => ({ of: f.tipOther }),
			overrides: { of: { dbDefects: [f.tipOpen, 999_999_999] } },
			refusedBodies: [['a tip already rejected', { of: f.tipOther }, { id: String(f.tipFinal) }]]
		},
		'POST /api/tips/{id}/reject': {
			body: 'json',
			realId: String(f.tipOpen),
			idKind: 'int',
			valid: () => ({ reason: 'Không đủ thông tin để xác minh' }),
			overrides: { reason: { min: 3, max: 1000 } },
			refusedBodies: [
				['a tip already rejected', { reason: 'Tin đã đóng' }, { id: String(f.tipFinal) }]
			]
		},
		'POST /api/admin/users': {
			body: 'json',
			valid: () => ({
				username: 'fuzz.user',
				displayName: 'Người dùng thử',
				role: 'planner',
				password: 'Mật-khẩu-đủ-dài-2026'
			}),
			overrides: {
				username: { dbDefects: ['admin', ' ADMIN '] },
				password: { kind: 'password' },
				zones: { dbDefects: [[NO_SUCH_UUID]] },
				teamId: { dbDefects: [NO_SUCH_UUID] }
			},
			refusedBodies: [
				[
					'an existing username',
					{
						username: 'dispatcher',
						displayName: 'x',
						role: 'planner',
						password: 'Mật-khẩu-đủ-dài-2026'
					}
				],
				[
					'a liaison without units',
					{
						username: 'fuzz.l',
						displayName: 'x',
						role: 'liaison',
						password: 'Mật-khẩu-đủ-dài-2026'
					}
				],
				[
					'a liaison with a unit that does not exist',
					{
						username: 'fuzz.l',
						displayName: 'x',
						role: 'liaison',
						units: ['99999'],
						password: 'Mật-khẩu-đủ-dài-2026'
					}
				],
				[
					'a password containing the username',
					{ username: 'fuzz.p', displayName: 'x', role: 'planner', password: 'xx-fuzz.p-2026-xx' }
				]
			]
		},
		'PATCH /api/admin/users/{id}': {
			body: 'json',
			realId: f.plannerId,
			idKind: 'uuid',
			valid: () => ({ displayName: 'Tên mới' }),
			overrides: {
				zones: { dbDefects: [[NO_SUCH_UUID]] },
				teamId: { dbDefects: [NO_SUCH_UUID] },
				password: { kind: 'password' }
			},
			refusedBodies: [
				['deactivating yourself', { displayName: 'x', isActive: false }, { id: f.adminId }],
				['dropping your own admin role', { displayName: 'x', role: 'planner' }, { id: f.adminId }],
				['a liaison without units', { displayName: 'x', role: 'liaison' }],
				['a team lead without a team', { displayName: 'x', role: 'team_lead' }],
				['nothing to change', {}]
			]
		},
		'POST /api/admin/tokens': {
			body: 'json',
			maxBytes: 8 * 1024,
			valid: () => ({ name: 'máy đọc dữ liệu', role: 'planner', expiresInDays: 30 }),
			overrides: { zone: { dbDefects: [NO_SUCH_UUID] } },
			refusedBodies: [
				['a team lead token without a team', { name: 'x', role: 'team_lead' }],
				['a team that does not exist', { name: 'x', role: 'team_lead', teamId: NO_SUCH_UUID }],
				['a liaison token without units', { name: 'x', role: 'liaison' }]
			]
		},
		'POST /api/admin/tokens/{id}/revoke': { body: 'none', idKind: 'uuid' }
	};
}

/** The specs with each body's fields generated from the endpoint's contract, overrides applied. */
function documented(all: Record<string, EndpointSpec>): Record<string, EndpointSpec> {
	const ops = new Map(contractOperations().map((o) => [o.key, o.contract]));
	return Object.fromEntries(
		Object.entries(all).map(([key, spec]) => {
			const op = ops.get(key);
			if (!op) throw new Error(`${key} has no contract`);
			const fields: Record<string, FieldSpec> = Object.fromEntries(
				bodyFields(op)
					.filter((f) => !f.path.includes('.'))
					.map((f) => [f.path, { ...fieldSpecOf(f), ...spec.overrides?.[f.path] }])
			);
			const stray = Object.keys(spec.overrides ?? {}).filter((k) => !(k in fields));
			if (stray.length)
				throw new Error(`${key}: overrides for fields its contract lacks: ${stray}`);
			return [key, { ...spec, fields: Object.keys(fields).length ? fields : undefined }];
		})
	);
}

/** Where a value goes, and the values to send there. */
type Place = 'query' | 'path' | 'body';
type Target = readonly [Place, string, readonly string[]];

/** Control characters no parameter may hold (line breaks and tabs included). */
const PARAM_CONTROLS = [
	'\u0000',
	'a\u0000b',
	'\u0001',
	'x\u0008y',
	'\u001b[31m',
	'\u007f',
	'\u0085',
	'\u009f',
	'\t',
	'a\nb',
	'\r'
];
/** Control characters no body field may hold (descriptions keep tabs and line breaks). */
const BODY_CONTROLS = PARAM_CONTROLS.filter((c) => !/[\t\n\r]/.test(c));

/**
 * A body with one field set, by its dotted path (`people.0.name`); a missing parent is made,
 * with the first value of each of its required enum fields.
 */
function withField(
	body: Record<string, unknown>,
	path: string,
	value: unknown,
	fields: DocField[]
): Record<string, unknown> {
	const keys = path.split('.');
	let node = body as Record<string, unknown>;
	keys.slice(0, -1).forEach((k, i) => {
		if (node[k] === undefined || node[k] === null) {
			const prefix = keys.slice(0, i + 1).join('.');
			const made: Record<string, unknown> = {};
			for (const f of fields) {
				const rest = f.path.slice(prefix.length + 1);
				if (f.path.startsWith(`${prefix}.`) && !rest.includes('.') && f.required)
					made[rest] = (f.schema.enum as unknown[] | undefined)?.[0];
			}
			node[k] = /^\d+$/.test(keys[i + 1]!) ? [] : made;
		}
		node = node[k] as Record<string, unknown>;
	});
	node[keys[keys.length - 1]!] = value;
	return body;
}

/** Bodies for endpoints that read none: they must be ignored, whatever they are. */
const IGNORED_BODIES = [
	'{',
	serialise({ username: SQL[0] }),
	serialise({ ['__proto__']: { admin: true } }),
	MARKUP[1]!,
	'\u0000',
	'['.repeat(10_000) + ']'.repeat(10_000)
];

interface Outcome {
	endpoint: string;
	payload: Payload;
	status: number;
	body: unknown;
	stack?: string;
	/** To replay the request in the other language. */
	replay?: { path: string; opts: ApiRequest };
}

for (const engine of ENGINES) {
	describe(`hostile payloads on ${engine}`, () => {
		let db: Db;
		let hub: LiveHub;
		let fx: Fixtures;
		let host = 0;
		/** A fresh address per request: the login and tip rate limits are per address. */
		const freshIp = () => `198.18.${(host >> 8) & 255}.${host++ & 255}`;

		beforeAll(async () => {
			db = await openTestDb(engine);
			// The stream checks its parameters once live updates run.
			hub = new LiveHub(db);
			await hub.start();
			setDatabase({ db, postgisVersion: 'test', live: hub });
			// The callers' sessions, made before any snapshot of the tables is taken.
			for (const u of ['admin', 'dispatcher', 'team_lead']) await sessionOf(u);
			// Fixtures the id routes are fuzzed against, made through the API itself.
			const made = await send('/api/incidents', {
				as: 'dispatcher',
				body: { category: 'theft', occurredAt: hoursAgo(3), ...CENTRE }
			});
			expect(made.status).toBe(201);
			const tipIds: number[] = [];
			for (let i = 0; i < 3; i++) {
				const res = await send('/api/tips', {
					ip: freshIp(),
					body: {
						category: 'theft',
						description: `Tin báo thử số ${i}: trộm xe máy ở khu nhà trọ.`,
						occurredAt: hoursAgo(2),
						location: CENTRE
					}
				});
				expect(res.status).toBe(201);
				const [row] = await db.query<{ id: number }>(
					'select id::int as id from tips order by id desc limit 1'
				);
				tipIds.push(row!.id);
			}
			const rejected = await send(`/api/tips/${tipIds[2]}/reject`, {
				as: 'dispatcher',
				body: { reason: 'Tin thử đã đóng' }
			});
			expect(rejected.status).toBe(200);
			fx = {
				incidentId: made.body.id,
				tipOpen: tipIds[0]!,
				tipOther: tipIds[1]!,
				tipFinal: tipIds[2]!,
				plannerId: (await principalOf(db, 'planner')).id,
				adminId: (await principalOf(db, 'admin')).id
			};
		});
		afterAll(async () => {
			setDatabase(undefined);
			await hub?.stop();
			await db?.close();
		});

		/** The audit log's last id now, and the actions written after it later. */
		async function auditMark(): Promise<() => Promise<string[]>> {
			const [row] = await db.query<{ max: number }>(
				'select coalesce(max(id), 0)::int8 as max from audit_log'
			);
			return async () =>
				(
					await db.query<{ action: string }>(
						'select distinct action from audit_log where id > $1',
						[row!.max]
					)
				).map((a) => a.action);
		}

		/**
		 * Sends `value` in one parameter or body field of a documented operation, through the hooks,
		 * as someone allowed to call it, with everything else valid; returns what went wrong: not a
		 * 400 naming that parameter or field (a 500 included), or undefined.
		 */
		async function sendOne(
			o: ContractOperation,
			where: Place,
			name: string,
			value: string
		): Promise<string | undefined> {
			const spec = documented(specs(fx))[o.key];
			const caller = callerOf(o.method, o.path);
			const params: Record<string, string> = {};
			for (const [, k] of o.path.matchAll(/\{(\w+)\}/g)) {
				const uuid = parametersOf(o.contract).find((p) => p.name === k)?.schema.format === 'uuid';
				params[k!] =
					where === 'path' && k === name ? value : (spec?.realId ?? (uuid ? fx.plannerId : '1'));
			}
			const query = where === 'query' ? `?${new URLSearchParams([[name, value]])}` : '';
			let body: string | undefined;
			if (where === 'body') {
				const base = spec?.valid?.();
				if (!base) return `${o.key}: no valid body to put ${name} in`;
				body = serialise(withField(base, name, value, bodyFields(o.contract)));
			} else if (o.contract.body && !o.contract.body.optional && spec?.valid) {
				body = serialise(spec.valid());
			}
			const path = o.path.replace(/\{(\w+)\}/g, (_, k: string) =>
				encodeURIComponent(params[k]!.toWellFormed())
			);
			const res = await send(path + query, {
				method: o.method,
				body,
				as: caller ?? undefined,
				ip: freshIp()
			});
			if (res.status === 400 && res.body?.field === name) return undefined;
			const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
			return `${o.key} ${where} ${name}=${shown} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
		}

		/**
		 * Sends each value to each target of every documented operation (see `sendOne`), expects a
		 * 400 naming the target every time and nothing changed; returns how many were sent.
		 */
		async function refusedEverywhere(
			targetsOf: (o: ContractOperation) => Target[]
		): Promise<number> {
			const before = await snapshot(db);
			const written = await auditMark();
			const wrong: string[] = [];
			let sent = 0;
			for (const o of contractOperations()) {
				for (const [where, name, values] of targetsOf(o)) {
					for (const value of values) {
						sent++;
						const problem = await sendOne(o, where, name, value);
						if (problem) wrong.push(problem);
					}
				}
			}
			expect(wrong).toEqual([]);
			expect(await snapshot(db)).toEqual(before);
			expect(await written()).toEqual([]);
			return sent;
		}

		it('refuses every impossible date in every date parameter and body field of every contract with a 400 naming it, through the hooks, and changes nothing', async () => {
			const sent = await refusedEverywhere((o) => [
				...parametersOf(o.contract)
					.filter((p) => timeFormatOf(p.schema))
					.map((p) => [p.in as Place, p.name, IMPOSSIBLE_TIMES] as const),
				...bodyFields(o.contract)
					.filter((f) => timeFormatOf(f.schema))
					.map((f) => ['body', f.path, IMPOSSIBLE_TIMES] as const)
			]);
			// Dates in the query strings of nine endpoints and in the bodies of five.
			expect(sent).toBeGreaterThan(20 * IMPOSSIBLE_TIMES.length);
		}, 300_000);

		it('refuses a control character in every text parameter and body field of every contract with a 400 naming it, through the hooks, and changes nothing', async () => {
			const sent = await refusedEverywhere((o) => [
				...parametersOf(o.contract).map((p) => [p.in as Place, p.name, PARAM_CONTROLS] as const),
				// Parameters every endpoint takes (`lang`).
				...GLOBAL_PARAMS.map((p) => ['query', p, PARAM_CONTROLS] as const),
				...bodyFields(o.contract)
					.filter((f) => isText(f.schema))
					.map((f) => ['body', f.path, BODY_CONTROLS] as const)
			]);
			expect(sent).toBeGreaterThan(500);
		}, 300_000);

		it('has a fuzzing spec and a permitted writer for every write endpoint', () => {
			const endpoints = writeEndpoints();
			expect(endpoints.length).toBeGreaterThan(10);
			const known = documented(specs(fx));
			expect(endpoints.filter((e) => !known[e.key]).map((e) => e.key)).toEqual([]);
			expect(endpoints.filter((e) => writerOf(e) === undefined).map((e) => e.key)).toEqual([]);
			expect(Object.keys(known).filter((k) => !endpoints.some((e) => e.key === k))).toEqual([]);
		});

		it('refuses over 1,000 invalid payloads with a 4xx JSON error each and changes nothing', async () => {
			const before = await snapshot(db);
			const [{ maxAudit }] = (await db.query<{ maxAudit: number }>(
				'select coalesce(max(id), 0)::int8 as "maxAudit" from audit_log'
			)) as [{ maxAudit: number }];
			const all = documented(specs(fx));
			const outcomes: Outcome[] = [];
			const perEndpoint: Record<string, Record<string, number>> = {};
			const rand = prng(20261127);

			for (const e of writeEndpoints()) {
				const spec = all[e.key]!;
				const writer = writerOf(e);
				const payloads: Payload[] = payloadsFor(spec, e.key.length * 7919 + e.key.charCodeAt(6));
				if (spec.body === 'none' && !spec.idKind) {
					for (const body of IGNORED_BODIES)
						payloads.push({ family: 'ignored body', label: body.slice(0, 20), body });
				}
				const tally: Record<string, number> = (perEndpoint[e.key] = {});
				for (const p of payloads) {
					const params = p.params ?? {};
					const path = e.path.replace(/\{(\w+)\}/g, (_, k: string) =>
						encodeURIComponent((params[k] ?? '').toWellFormed())
					);
					const opts: ApiRequest = {
						as: writer ?? undefined,
						method: e.verb,
						headers: p.headers,
						ip: freshIp(),
						lang: rand() < 0.5 ? 'vi' : 'en'
					};
					if (p.body !== undefined) opts.body = p.body;
					let outcome: Outcome;
					try {
						const res = await send(path, opts);
						outcome = {
							endpoint: e.key,
							payload: p,
							status: res.status,
							body: res.body,
							replay: { path, opts }
						};
					} catch (err) {
						// What SvelteKit would answer with 500 after handleError.
						outcome = {
							endpoint: e.key,
							payload: p,
							status: 500,
							body: null,
							stack: err instanceof Error ? (err.stack ?? err.message) : String(err)
						};
					}
					outcomes.push(outcome);
					const bucket = p.family === 'ignored body' ? 'ignored' : String(outcome.status);
					tally[bucket] = (tally[bucket] ?? 0) + 1;
				}
			}

			const brief = (o: Outcome) =>
				`${o.endpoint} [${o.payload.family}] ${o.payload.label} → ${o.status} ${JSON.stringify(o.body)?.slice(0, 160)}${o.stack ? `\n${o.stack.split('\n').slice(0, 6).join('\n')}` : ''}`;
			// One shape for every refusal, SvelteKit's error() included: `{ error, field? }`.
			const isError = (b: unknown): boolean =>
				!!b && typeof b === 'object' && typeof (b as { error?: unknown }).error === 'string';
			const fuzzed = outcomes.filter((o) => o.payload.family !== 'ignored body');
			const ignored = outcomes.filter((o) => o.payload.family === 'ignored body');
			const serverErrors = outcomes.filter((o) => o.status >= 500);
			const accepted = fuzzed.filter((o) => o.status < 400);
			const shapeless = fuzzed.filter((o) => o.status >= 400 && o.status < 500 && !isError(o.body));

			console.log(
				`[hostile ${engine}] ${fuzzed.length} invalid payloads + ${ignored.length} ignored bodies\n` +
					Object.entries(perEndpoint)
						.map(
							([k, t]) =>
								`  ${k.padEnd(36)} ${Object.entries(t)
									.map(([s, n]) => `${s}×${n}`)
									.join(' ')}`
						)
						.join('\n')
			);

			expect(fuzzed.length).toBeGreaterThanOrEqual(1000);
			expect({
				serverErrors: serverErrors.map(brief),
				accepted: accepted.map(brief),
				withoutErrorMessage: shapeless.map(brief),
				ignoredBodyNotIgnored: ignored.filter((o) => o.status !== 200).map(brief)
			}).toEqual({
				serverErrors: [],
				accepted: [],
				withoutErrorMessage: [],
				ignoredBodyNotIgnored: []
			});

			// A sample of the refusals, replayed in the other language: the same status and field,
			// the message translated (Vietnamese has its diacritics; English differs from it).
			const sample = fuzzed.filter((o, i) => o.status !== 429 && i % 13 === 0);
			expect(sample.length).toBeGreaterThan(60);
			const untranslated: string[] = [];
			for (const o of sample) {
				const { path, opts } = o.replay!;
				const other: Lang = opts.lang === 'vi' ? 'en' : 'vi';
				const again = await send(path, { ...opts, lang: other, ip: freshIp() });
				const byLang = {
					[opts.lang!]: (o.body as { error: string }).error,
					[other]: (again.body as { error?: string })?.error ?? ''
				} as Record<Lang, string>;
				const after = (m: string) => m.slice(m.indexOf(': ') + 2);
				if (
					again.status !== o.status ||
					(again.body as { field?: string })?.field !== (o.body as { field?: string }).field ||
					byLang.vi === byLang.en ||
					!/[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i.test(
						after(byLang.vi)
					)
				)
					untranslated.push(`${brief(o)}\n    vi: ${byLang.vi}\n    en: ${byLang.en}`);
			}
			expect(untranslated).toEqual([]);

			expect(await snapshot(db)).toEqual(before);
			// Failed sign-ins are audited, as they must be; nothing else may have been.
			const actions = await db.query<{ action: string }>(
				'select distinct action from audit_log where id > $1',
				[maxAudit]
			);
			expect(actions.map((a) => a.action).filter((a) => !a.startsWith('login.'))).toEqual([]);
		}, 300_000);

		it('refuses a NUL or an unpaired surrogate in any string with a 400 naming the field', async () => {
			// Before body.ts refused them, the NUL reached SQL in the sign-in query (a 500) and the
			// surrogate was stored silently as U+FFFD.
			const nul = await send('/api/auth/login', {
				ip: freshIp(),
				body: { username: 'admin\u0000', password: 'whatever-password' }
			});
			expect(nul.status).toBe(400);
			expect(nul.body).toMatchObject({ field: 'username' });
			const incident = { category: 'theft', occurredAt: hoursAgo(1), ...CENTRE };
			for (const [body, field] of [
				[{ ...incident, description: 'half an emoji \ud83d' }, 'description'],
				[{ ...incident, people: [{ role: 'victim', name: '\udc00x' }] }, 'people.0.name'],
				[{ ...incident, ['\ud800']: 1 }, '\ufffd']
			] as const) {
				const res = await send('/api/incidents', { as: 'dispatcher', body });
				expect(res.status).toBe(400);
				expect(res.body).toMatchObject({ field });
			}
		});

		it('stores hostile text that is valid as it was sent, and reads it back as text', async () => {
			const texts = [
				...SQL,
				...MARKUP,
				'\u202eevil\u202c',
				'zero\u200bwidth\u200d\u2060',
				'😀🇻🇳👩‍👩‍👧‍👦 𝕏𝔸𝕊𝕊',
				'Ｔｈｅｆｔ',
				'Trộm cắp tài sản'
			];
			for (const text of texts) {
				const made = await send('/api/incidents', {
					as: 'dispatcher',
					body: { category: 'theft', occurredAt: hoursAgo(1), ...CENTRE, description: text }
				});
				expect(made.status, text).toBe(201);
				const read = await send(`/api/incidents/${made.body.id}`, {
					as: 'commander'
				});
				expect(read.body.details.description).toBe(text.trim());

				const report = await send('/api/team-reports', {
					as: 'team_lead',
					body: { kind: 'other', description: text, occurredAt: hoursAgo(1) }
				});
				expect(report.status, text).toBe(201);
				const reports = await send('/api/team-reports', {
					as: 'team_lead'
				});
				expect(reports.body.reports.find((r: any) => r.id === report.body.id).description).toBe(
					text.trim()
				);

				const padded = `Tin báo: ${text}`;
				const tip = await send('/api/tips', {
					ip: freshIp(),
					body: { description: padded, location: CENTRE }
				});
				expect(tip.status, text).toBe(201);
				const [row] = await db.query<{ id: number }>(
					'select id::int as id from tips order by id desc limit 1'
				);
				const readTip = await send(`/api/tips/${row!.id}`, {
					as: 'dispatcher'
				});
				expect(readTip.body.description).toBe(padded.normalize('NFC').trim());
			}
			// The SQL in those texts ran nowhere: the tables it names are all still there.
			const [tables] = await db.query<{ n: number }>(
				`select count(*)::int as n from pg_tables where tablename in ('incidents', 'tips', 'app_users', 'zones')`
			);
			expect(tables!.n).toBe(4);
		}, 120_000);
	});
}
