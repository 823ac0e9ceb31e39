import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/lib/server/auth/authenticate';
import type { AuthConfig } from '../../src/lib/server/auth/config';
import { DEFAULT_LIMITS } from '../../src/lib/server/auth/login';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/password';
import { SESSION_COOKIE } from '../../src/lib/server/auth/sessions';
import { verifySupabaseJwt } from '../../src/lib/server/auth/supabase-jwt';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { DEMO_TEST_PASSWORD } from '../fixtures/constants';
import { ENGINES, openTestDb } from '../fixtures/db';
import { send } from '../fixtures/api';

const SECRET = 'test-only-supabase-jwt-secret-0123456789abcdef';
const ANY_USER = '00000000-0000-4000-8000-000000000001';
const AUTH: AuthConfig = {
	session: { idleMinutes: 30, absoluteHours: 12 },
	limits: { ...DEFAULT_LIMITS, accountFailures: 3, ipFailures: 8 },
	supabase: { secret: SECRET, audience: 'authenticated' }
};

function sign(
	claims: Record<string, unknown>,
	opts: { secret?: string; exp?: number | string; aud?: string } = {}
) {
	let jwt = new SignJWT(claims)
		.setProtectedHeader({ alg: 'HS256' })
		.setIssuedAt()
		.setAudience(opts.aud ?? 'authenticated')
		.setExpirationTime(opts.exp ?? '1h');
	if (typeof claims.sub === 'string') jwt = jwt.setSubject(claims.sub);
	return jwt.sign(new TextEncoder().encode(opts.secret ?? SECRET));
}

/** Calls POST /api/auth/login and returns the status, body and the session cookie it set. */
async function tryLogin(username: string, password: string, ip = '198.51.100.1') {
	const res = await send('/api/auth/login', { body: { username, password }, ip });
	return res;
}

describe('passwords', () => {
	it('hashes with scrypt at N=2^17, r=8, p=1, verifies the right password and refuses a wrong one', async () => {
		const h = await hashPassword('Đúng-mật-khẩu-2026');
		expect(h).toMatch(/^scrypt\$131072\$8\$1\$/);
		await expect(verifyPassword('Đúng-mật-khẩu-2026', h)).resolves.toBe(true);
		await expect(verifyPassword('sai-mat-khau-2026', h)).resolves.toBe(false);
	});
});

describe('Supabase access tokens', () => {
	const sub = '0d7e7d36-5d1f-4cf0-9b0c-3a1e2f4d5c6b';
	const cfg = { secret: SECRET, audience: 'authenticated' };

	it('accepts a valid signed-in user token', async () => {
		await expect(
			verifySupabaseJwt(await sign({ sub, role: 'authenticated' }), cfg)
		).resolves.toEqual({ ok: true, sub });
	});
	it('rejects an expired token', async () => {
		const t = await sign(
			{ sub, role: 'authenticated' },
			{ exp: Math.floor(Date.now() / 1000) - 60 }
		);
		await expect(verifySupabaseJwt(t, cfg)).resolves.toEqual({
			ok: false,
			reason: 'token expired'
		});
	});
	it('rejects a token signed with another secret', async () => {
		const t = await sign(
			{ sub, role: 'authenticated' },
			{ secret: 'another-secret-another-secret-another-secret' }
		);
		await expect(verifySupabaseJwt(t, cfg)).resolves.toEqual({
			ok: false,
			reason: 'bad signature'
		});
	});
	it('rejects a token for another audience', async () => {
		const t = await sign({ sub, role: 'authenticated' }, { aud: 'someone-else' });
		await expect(verifySupabaseJwt(t, cfg)).resolves.toMatchObject({
			ok: false,
			reason: 'claim aud invalid'
		});
	});
	it('rejects a token without a role, and an anonymous one', async () => {
		await expect(verifySupabaseJwt(await sign({ sub }), cfg)).resolves.toMatchObject({ ok: false });
		await expect(verifySupabaseJwt(await sign({ sub, role: 'anon' }), cfg)).resolves.toMatchObject({
			ok: false
		});
	});
	it('rejects garbage', async () => {
		await expect(verifySupabaseJwt('not.a.jwt', cfg)).resolves.toMatchObject({ ok: false });
	});
});

for (const engine of ENGINES) {
	describe(`signing in on ${engine}`, () => {
		let db: Db;
		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test', auth: AUTH });
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		it('signs a demo account in with an HttpOnly, SameSite=Lax session cookie that identifies the user', async () => {
			const res = await send('/api/auth/login', {
				body: { username: 'commander', password: DEMO_TEST_PASSWORD }
			});
			expect(res.status).toBe(200);
			const cookie = res.cookies.get(SESSION_COOKIE);
			expect(cookie?.opts).toMatchObject({
				httpOnly: true,
				sameSite: 'lax',
				path: '/',
				secure: false
			});
			const who = await authenticate(db, AUTH, {
				authorization: null,
				sessionToken: cookie!.value
			});
			expect(who.principal).toMatchObject({ kind: 'user', role: 'commander' });
			// Only a hash of the cookie value is stored.
			const stored = await db.query(`select 1 from sessions where id = $1`, [cookie!.value]);
			expect(stored).toHaveLength(0);
		});

		it('sets the Secure flag behind HTTPS', async () => {
			const res = await send('https://anninh.example/api/auth/login', {
				body: { username: 'planner', password: DEMO_TEST_PASSWORD }
			});
			expect(res.cookies.get(SESSION_COOKIE)?.opts).toMatchObject({ secure: true });
		});

		it('answers the same 401 for a wrong password and for a user that does not exist', async () => {
			const wrong = await tryLogin('dispatcher', 'wrong-password-123', '198.51.100.2');
			const nobody = await tryLogin('nobody-here', 'wrong-password-123', '198.51.100.2');
			expect(wrong.status).toBe(401);
			expect(nobody.status).toBe(401);
			expect(wrong.body).toEqual(nobody.body);
		});

		it('locks an account after repeated failures, even for the right password, and unknown names alike', async () => {
			for (let i = 0; i < 3; i++)
				expect((await tryLogin('board', 'nope-nope-nope', '198.51.100.3')).status).toBe(401);
			const locked = await tryLogin('board', DEMO_TEST_PASSWORD, '198.51.100.4');
			expect(locked.status).toBe(429);
			expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
			for (let i = 0; i < 3; i++) await tryLogin('ghost-user', 'nope-nope-nope', '198.51.100.5');
			const ghost = await tryLogin('ghost-user', 'nope-nope-nope', '198.51.100.6');
			expect(ghost.status).toBe(429);
			expect(ghost.body).toEqual(locked.body);
		});

		it('refuses an address after many failures across accounts', async () => {
			for (let i = 0; i < 8; i++) await tryLogin(`someone${i}`, 'nope-nope-nope', '198.51.100.9');
			const res = await tryLogin('planner', DEMO_TEST_PASSWORD, '198.51.100.9');
			expect(res.status).toBe(429);
		});

		it('audits every login, successful or not, without the password', async () => {
			await tryLogin('liaison', 'definitely-wrong-1', '198.51.100.10');
			const rows = await db.query<{ action: string; details: any; ip: string }>(
				`select action, details, ip from audit_log where action like 'login.%' and ip = '198.51.100.10'`
			);
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ action: 'login.failure', ip: '198.51.100.10' });
			expect(JSON.stringify(rows[0])).not.toContain('definitely-wrong-1');
		});

		it('logout revokes the session on the server: the old cookie no longer works', async () => {
			const res = await send('/api/auth/login', {
				body: { username: 'dispatcher', password: DEMO_TEST_PASSWORD },
				ip: '198.51.100.20'
			});
			const token = res.cookies.get(SESSION_COOKIE)!.value;
			const who = await authenticate(db, AUTH, { authorization: null, sessionToken: token });
			expect(who.principal).toBeDefined();
			await send('/api/auth/logout', { method: 'POST', session: token });
			const after = await authenticate(db, AUTH, { authorization: null, sessionToken: token });
			expect(after.principal).toBeUndefined();
		});

		it('ends a session after the idle time', async () => {
			const res = await send('/api/auth/login', {
				body: { username: 'planner', password: DEMO_TEST_PASSWORD },
				ip: '198.51.100.21'
			});
			const token = res.cookies.get(SESSION_COOKIE)!.value;
			await db.query(
				`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = (select id from app_users where username = 'planner')`
			);
			const who = await authenticate(db, AUTH, { authorization: null, sessionToken: token });
			expect(who.principal).toBeUndefined();
		});

		it('maps a verified Supabase token to the same claims as a local account', async () => {
			const [u] = await db.query<{ id: string }>(
				`insert into app_users (username, display_name, role, auth_provider) values ('sb-commander', 'Supabase commander', 'commander', 'supabase') returning id`
			);
			await db.query(`insert into user_zones (user_id, zone_id) select $1, id from zones`, [u!.id]);
			const good = await authenticate(db, AUTH, {
				authorization: `Bearer ${await sign({ sub: u!.id, role: 'authenticated' })}`,
				sessionToken: undefined
			});
			expect(good.principal).toMatchObject({ id: u!.id, role: 'commander', kind: 'user' });
			const bad = await authenticate(db, AUTH, {
				authorization: `Bearer ${await sign({ sub: u!.id, role: 'authenticated' }, { aud: 'x' })}`,
				sessionToken: undefined
			});
			expect(bad.principal).toBeUndefined();
			expect(bad.error).toBeTruthy();
		});

		/** An account that signs in through Supabase Auth, with the demo zone in scope. */
		async function supabaseAccount(username: string, role: string, active = true) {
			const [u] = await db.query<{ id: string }>(
				`insert into app_users (username, display_name, role, auth_provider, is_active)
				values ($1, 'Supabase user', $2, 'supabase', $3) returning id`,
				[username, role, active]
			);
			await db.query(`insert into user_zones (user_id, zone_id) select $1, id from zones`, [u!.id]);
			return u!.id;
		}

		it('exchanges a Supabase access token for the session cookie, which then opens the protected API', async () => {
			const id = await supabaseAccount('sb-dispatcher', 'dispatcher');
			const res = await send('/api/auth/supabase', {
				body: { accessToken: await sign({ sub: id, role: 'authenticated' }) },
				ip: '198.51.100.40'
			});
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ ok: true, displayName: 'Supabase user' });
			const cookie = res.cookies.get(SESSION_COOKIE)!;
			expect(cookie.opts).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/' });

			const who = await send('/api/auth/me', { session: cookie.value });
			expect(who).toMatchObject({ status: 200, body: { id, role: 'dispatcher', kind: 'user' } });
			const list = await send('/api/incidents?limit=5', { session: cookie.value });
			expect(list.status).toBe(200);
			expect(list.body.features).toHaveLength(5);

			const audit = await db.query<{ action: string; details: any }>(
				`select action, details from audit_log where actor_id = $1 and action like 'login.%'`,
				[id]
			);
			expect(audit).toEqual([{ action: 'login.success', details: { provider: 'supabase' } }]);
		});

		it('refuses expired, forged, foreign-audience and role-less Supabase tokens with 401, writing only the audit of the failure', async () => {
			const id = await supabaseAccount('sb-commander-2', 'commander');
			const inactive = await supabaseAccount('sb-gone', 'commander', false);
			const bad = {
				expired: await sign(
					{ sub: id, role: 'authenticated' },
					{ exp: Math.floor(Date.now() / 1000) - 60 }
				),
				'wrong signature': await sign(
					{ sub: id, role: 'authenticated' },
					{ secret: 'another-secret-another-secret-another-secret' }
				),
				'wrong audience': await sign({ sub: id, role: 'authenticated' }, { aud: 'someone-else' }),
				'no role': await sign({ sub: id }),
				'anonymous role': await sign({ sub: id, role: 'anon' }),
				'inactive account': await sign({ sub: inactive, role: 'authenticated' })
			};
			const count = async (table: string) =>
				(await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
			const [{ maxAudit }] = (await db.query<{ maxAudit: number }>(
				'select coalesce(max(id), 0)::int8 as "maxAudit" from audit_log'
			)) as [{ maxAudit: number }];
			const before = { sessions: await count('sessions'), attempts: await count('login_attempts') };

			for (const [what, accessToken] of Object.entries(bad)) {
				const res = await send('/api/auth/supabase', {
					body: { accessToken },
					ip: '198.51.100.41',
					lang: 'en'
				});
				expect(res.status, what).toBe(401);
				expect(res.body.error, what).toBe(
					what === 'inactive account'
						? 'This Supabase account has no access to this system'
						: 'The Supabase sign-in is invalid or has expired'
				);
				expect(res.cookies.has(SESSION_COOKIE), what).toBe(false);
			}
			expect({
				sessions: await count('sessions'),
				attempts: await count('login_attempts')
			}).toEqual(before);
			const written = await db.query<{ action: string; actor_id: string | null; details: any }>(
				`select action, actor_id, details from audit_log where id > $1 order by id`,
				[maxAudit]
			);
			expect(written).toHaveLength(Object.keys(bad).length);
			for (const row of written) {
				expect(row).toMatchObject({ action: 'login.failure', actor_id: null });
				expect(row.details.provider).toBe('supabase');
				expect(JSON.stringify(row)).not.toContain('eyJ');
			}
		});

		it('answers 404 to a Supabase token exchange when Supabase is not configured', async () => {
			setDatabase({ db, postgisVersion: 'test', auth: { ...AUTH, supabase: undefined } });
			try {
				const res = await send('/api/auth/supabase', {
					body: { accessToken: await sign({ sub: ANY_USER, role: 'authenticated' }) },
					lang: 'vi'
				});
				expect(res).toMatchObject({
					status: 404,
					body: { error: 'Chưa cấu hình đăng nhập bằng Supabase' }
				});
			} finally {
				setDatabase({ db, postgisVersion: 'test', auth: AUTH });
			}
		});

		it('rejects a malformed login body naming the field', async () => {
			const res = await send('/api/auth/login', { body: { username: 'x' } });
			expect(res.status).toBe(400);
			expect(res.body.field).toBe('password');
		});
	});
}
