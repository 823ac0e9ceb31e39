import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../src/lib/domain/api-text';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { apiLang, fromAcceptLanguage } from '../../src/lib/server/lang';
import { request, send, sessionOf, type ApiRequest } from '../fixtures/api';
import { ENGINES, openTestDb } from '../fixtures/db';

describe('the language of API answers', () => {
	it('follows ?lang=, then the lang cookie, then Accept-Language; Vietnamese unless English is asked for', () => {
		const q = (s: string) => new URLSearchParams(s);
		expect(apiLang(q(''), undefined, null)).toEqual({ ok: true, lang: 'vi' });
		expect(apiLang(q('lang=en'), 'vi', 'vi')).toEqual({ ok: true, lang: 'en' });
		expect(apiLang(q('lang=vi'), 'en', 'en')).toEqual({ ok: true, lang: 'vi' });
		expect(apiLang(q(''), 'en', 'vi-VN')).toEqual({ ok: true, lang: 'en' });
		expect(apiLang(q(''), undefined, 'en-US,en;q=0.9')).toEqual({ ok: true, lang: 'en' });
		expect(apiLang(q('lang=fr'), undefined, 'en')).toEqual({ ok: false, lang: 'en' });
		expect(apiLang(q('lang=en&lang=vi'), undefined, null)).toEqual({ ok: false, lang: 'vi' });
		expect(fromAcceptLanguage('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
		expect(fromAcceptLanguage('fr-FR,en;q=0.5')).toBe('en');
		expect(fromAcceptLanguage('en;q=0.5,vi;q=0.5')).toBe('vi');
		expect(fromAcceptLanguage('fr,de')).toBe('vi');
		expect(fromAcceptLanguage('*')).toBe('vi');
	});
});

/** What a refusal says in each language, for one request. */
interface Sample {
	name: string;
	path: string;
	opts: Omit<ApiRequest, 'lang'>;
	status: number;
	field?: string;
	vi: string;
	en: string;
}

for (const engine of ENGINES) {
	describe(`refusals in Vietnamese and English on ${engine}`, () => {
		let db: Db;
		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db?.close();
		});

		let ip = 0;
		const samples = (): Sample[] => [
			{
				name: 'a required body field is missing',
				path: '/api/incidents',
				opts: { as: 'dispatcher', body: { occurredAt: '2026-11-01T08:00:00+07:00' } },
				status: 400,
				field: 'category',
				vi: 'category: bắt buộc',
				en: 'category: required'
			},
			{
				name: 'a body field has the wrong type',
				path: '/api/incidents',
				opts: {
					as: 'dispatcher',
					body: { category: 'theft', occurredAt: '2026-11-01T08:00:00+07:00', lon: 'x', lat: 20.9 }
				},
				status: 400,
				field: 'lon',
				vi: 'lon: phải là một số',
				en: 'lon: must be a number'
			},
			{
				name: 'the body is not JSON',
				path: '/api/incidents',
				opts: { as: 'dispatcher', body: '{"category": ' },
				status: 400,
				field: 'body',
				vi: 'body: nội dung không phải JSON hợp lệ',
				en: 'body: is not valid JSON'
			},
			{
				name: 'the body is not declared as JSON',
				path: '/api/incidents',
				opts: { as: 'dispatcher', body: '{}', headers: { 'content-type': 'text/plain' } },
				status: 415,
				field: 'body',
				vi: 'body: nội dung phải là JSON (content-type: application/json)',
				en: 'body: must be JSON (content-type: application/json)'
			},
			{
				name: 'the body is too large',
				path: '/api/tips',
				opts: { body: { description: 'x'.repeat(20_000) } },
				status: 413,
				field: 'body',
				vi: 'body: nội dung quá lớn (tối đa 16384 byte)',
				en: 'body: larger than 16384 bytes'
			},
			{
				name: 'a query parameter is out of range',
				path: '/api/incidents?limit=0',
				opts: { as: 'dispatcher' },
				status: 400,
				field: 'limit',
				vi: 'limit: phải lớn hơn hoặc bằng 1',
				en: 'limit: must be at least 1'
			},
			{
				name: 'a query parameter is unknown',
				path: '/api/incidents?colour=red',
				opts: { as: 'dispatcher' },
				status: 400,
				field: 'colour',
				vi: 'colour: tham số không được hỗ trợ',
				en: 'colour: unknown parameter'
			},
			{
				name: 'a path parameter is malformed',
				path: '/api/incidents/abc',
				opts: { as: 'dispatcher' },
				status: 400,
				field: 'id',
				vi: 'id: phải là số nguyên dương',
				en: 'id: must be a positive whole number'
			},
			{
				name: 'the zone does not exist (a thrown error())',
				path: '/api/incidents?zone=no-such-zone',
				opts: { as: 'dispatcher' },
				status: 404,
				field: 'zone',
				vi: 'zone: không có vùng "no-such-zone"',
				en: 'zone: zone "no-such-zone" does not exist'
			},
			{
				name: 'the role sees aggregates only',
				path: '/api/incidents',
				opts: { as: 'board' },
				status: 403,
				vi: 'không được phép: vai trò board chỉ xem số liệu tổng hợp, không xem từng vụ việc',
				en: 'forbidden: the board role sees aggregates only, not incident rows'
			},
			{
				name: 'the database refuses a duplicate (unique constraint)',
				path: '/api/admin/users',
				opts: {
					as: 'admin',
					body: {
						username: 'commander',
						displayName: 'Trùng tên',
						role: 'commander',
						password: 'Tr@ngDue-2026-long'
					}
				},
				status: 409,
				field: 'username',
				vi: 'username: đã tồn tại',
				en: 'username: already exists'
			},
			{
				name: 'the password is wrong',
				path: '/api/auth/login',
				opts: { body: { username: 'planner', password: 'not-the-password' } },
				status: 401,
				vi: 'Sai tên đăng nhập hoặc mật khẩu',
				en: 'Wrong username or password'
			}
		];

		it('answers a sample of rejected requests in the language asked, naming the field, in one shape', async () => {
			for (const s of samples()) {
				for (const lang of ['vi', 'en'] as Lang[]) {
					const res = await send(s.path, {
						...s.opts,
						lang,
						ip: `198.51.100.${100 + (ip++ % 100)}`
					});
					expect(res.status, `${s.name} (${lang})`).toBe(s.status);
					expect(res.body, `${s.name} (${lang})`).toEqual(
						s.field ? { error: s[lang], field: s.field } : { error: s[lang] }
					);
				}
			}
		});

		it('refuses through the hooks in the language of ?lang=, the cookie or Accept-Language', async () => {
			const through = async (path: string, headers: Record<string, string> = {}) => {
				const res = await request(path, {
					headers,
					ip: '198.51.100.250',
					handler: async () => new Response('unreachable', { status: 200 })
				});
				return { status: res.status, body: await res.json() };
			};
			expect(await through('/api/incidents')).toEqual({
				status: 401,
				body: { error: 'Cần đăng nhập' }
			});
			expect(await through('/api/incidents', { 'accept-language': 'en-GB,en;q=0.9' })).toEqual({
				status: 401,
				body: { error: 'Sign in first' }
			});
			expect(
				await through('/api/incidents?lang=vi', { 'accept-language': 'en', cookie: 'lang=en' })
			).toEqual({ status: 401, body: { error: 'Cần đăng nhập' } });
			expect(await through('/api/incidents', { cookie: 'lang=en' })).toEqual({
				status: 401,
				body: { error: 'Sign in first' }
			});
			expect(await through('/api/incidents?lang=fr', { 'accept-language': 'en' })).toEqual({
				status: 400,
				body: { error: 'lang: must be vi or en', field: 'lang' }
			});
		});

		it('gives SvelteKit’s own error answers for API paths the same shape, in the caller’s language', async () => {
			const session = await sessionOf('commander');
			const through = async (upstream: Response, lang: string) => {
				const res = await request(`/api/nowhere?lang=${lang}`, {
					method: 'DELETE',
					session,
					ip: '198.51.100.252',
					handler: async () => upstream
				});
				return { status: res.status, body: await res.json(), allow: res.headers.get('allow') };
			};
			// A thrown error() as SvelteKit serialises it, and a page it renders for text/html.
			expect(
				await through(
					Response.json({ message: 'không có vùng "x"', field: 'zone' }, { status: 404 }),
					'vi'
				)
			).toEqual({
				status: 404,
				body: { error: 'zone: không có vùng "x"', field: 'zone' },
				allow: null
			});
			expect(
				await through(
					new Response('<html>…</html>', { status: 404, headers: { 'content-type': 'text/html' } }),
					'en'
				)
			).toEqual({ status: 404, body: { error: 'not found' }, allow: null });
			// A verb the route does not have: SvelteKit answers plain text.
			expect(
				await through(
					new Response('DELETE method not allowed', { status: 405, headers: { allow: 'GET' } }),
					'vi'
				)
			).toEqual({
				status: 405,
				body: { error: 'phương thức DELETE không được hỗ trợ ở địa chỉ này' },
				allow: 'GET'
			});
		});
	});
}
