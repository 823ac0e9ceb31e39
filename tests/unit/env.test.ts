import { describe, expect, it } from 'vitest';
import { basemapFrom, LOCAL_PMTILES_PATH, withBasemapOrigins } from '../../src/lib/server/basemap';
import { ConfigError, parseEnv, redactUrl } from '../../src/lib/server/env';
import { WEAK_ADMIN_PASSWORDS } from '../fixtures/constants';

/** The page policy svelte.config.js asks Kit for (without the per-page nonce). */
const PAGE_CSP =
	"default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

describe('configuration from the environment', () => {
	it('defaults to the embedded database in ./data on port 3000', () => {
		const env = parseEnv({});
		expect(env.DATABASE_URL).toBeUndefined();
		expect(env).toMatchObject({ DATA_DIR: './data', PORT: 3000, DEMO_DATA: 'auto' });
	});

	it('treats an empty DATABASE_URL as unset', () => {
		expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
	});

	it('names the variable that is wrong', () => {
		expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(
			/DATABASE_URL must be a postgres/
		);
		expect(() => parseEnv({ PORT: '70000' })).toThrow(ConfigError);
		expect(() => parseEnv({ DEMO_DATA: 'yes' })).toThrow(/DEMO_DATA must be auto, true or false/);
	});

	it('refuses to start with a weak ADMIN_PASSWORD, saying why in one sentence, and takes a strong one', () => {
		for (const ADMIN_PASSWORD of [...WEAK_ADMIN_PASSWORDS, 'admin', 'changeme']) {
			expect(() => parseEnv({ DEMO_DATA: 'false', ADMIN_PASSWORD }), ADMIN_PASSWORD).toThrow(
				/^Configuration error: ADMIN_PASSWORD (must|is|repeats)[^.]*\.$/
			);
		}
		expect(() => parseEnv({ ADMIN_PASSWORD: 'Trangdue2026' })).toThrow(
			'Configuration error: ADMIN_PASSWORD is built on the name of this system, a zone, a place or the user; use a phrase of several unrelated words.'
		);
		expect(() =>
			parseEnv({ ADMIN_USERNAME: 'truongca', ADMIN_PASSWORD: 'truongca-2026-x' })
		).toThrow(/ADMIN_PASSWORD must not contain the username/);
		const env = parseEnv({ DEMO_DATA: 'false', ADMIN_PASSWORD: 'Tuần tra đêm 22h ở cổng 3' });
		expect(env.ADMIN_PASSWORD).toBe('Tuần tra đêm 22h ở cổng 3');
		expect(parseEnv({}).ADMIN_PASSWORD).toBeUndefined();
	});

	it('takes ORIGIN only as a bare origin, and the request limits only within their ranges', () => {
		expect(parseEnv({ ORIGIN: 'https://anninh.example.vn/' }).ORIGIN).toBe(
			'https://anninh.example.vn'
		);
		expect(parseEnv({ ORIGIN: '' }).ORIGIN).toBeUndefined();
		expect(() => parseEnv({ ORIGIN: 'https://anninh.example.vn/map' })).toThrow(
			/ORIGIN must be the public origin/
		);
		expect(() => parseEnv({ ORIGIN: 'anninh.example.vn' })).toThrow(/ORIGIN/);
		expect(parseEnv({})).toMatchObject({ MAX_REQUESTS_IN_FLIGHT: 16, STATEMENT_TIMEOUT_MS: 15000 });
		expect(parseEnv({ STATEMENT_TIMEOUT_MS: '0' }).STATEMENT_TIMEOUT_MS).toBe(0);
		expect(() => parseEnv({ STATEMENT_TIMEOUT_MS: '50' })).toThrow(
			/STATEMENT_TIMEOUT_MS must be 0 \(no limit\) or 100–3600000/
		);
		expect(() => parseEnv({ MAX_REQUESTS_IN_FLIGHT: '0' })).toThrow(/MAX_REQUESTS_IN_FLIGHT/);
		expect(() => parseEnv({ MAX_REQUESTS_IN_FLIGHT: 'many' })).toThrow(/must be a number/);
	});

	it('never shows the password of a DATABASE_URL', () => {
		expect(redactUrl('postgres://app:s3cret@db.example:5432/anninh')).toBe(
			'postgres://app@db.example:5432/anninh'
		);
	});

	it('takes Supabase Auth for the browser only as a project URL, its anon key and the JWT secret together', () => {
		const secret = 'x'.repeat(40);
		const key = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl';
		const env = parseEnv({
			SUPABASE_URL: 'https://abcdefghijklmnop.supabase.co/',
			SUPABASE_ANON_KEY: key,
			SUPABASE_JWT_SECRET: secret
		});
		expect(env).toMatchObject({
			SUPABASE_URL: 'https://abcdefghijklmnop.supabase.co',
			SUPABASE_ANON_KEY: key
		});
		expect(parseEnv({ SUPABASE_URL: '', SUPABASE_ANON_KEY: '' }).SUPABASE_URL).toBeUndefined();
		expect(() =>
			parseEnv({
				SUPABASE_URL: 'http://evil.example',
				SUPABASE_ANON_KEY: key,
				SUPABASE_JWT_SECRET: secret
			})
		).toThrow(/SUPABASE_URL must be the project URL/);
		expect(() =>
			parseEnv({
				SUPABASE_URL: 'https://abcdefghijklmnop.supabase.co',
				SUPABASE_JWT_SECRET: secret
			})
		).toThrow(/SUPABASE_ANON_KEY must be set with SUPABASE_URL/);
		expect(() =>
			parseEnv({ SUPABASE_URL: 'https://abcdefghijklmnop.supabase.co', SUPABASE_ANON_KEY: key })
		).toThrow(/SUPABASE_JWT_SECRET must be set with SUPABASE_URL/);
		expect(() => parseEnv({ SUPABASE_ANON_KEY: 'short key' })).toThrow(/SUPABASE_ANON_KEY/);
	});
});

describe('basemap configuration', () => {
	it('keeps the offline basemap when nothing is configured, with no extra origin', () => {
		const b = basemapFrom(parseEnv({}));
		expect(b).toEqual({ public: { kind: 'offline' }, file: null, origins: [] });
		expect(withBasemapOrigins(PAGE_CSP, b.origins)).toBe(PAGE_CSP);
	});

	it('treats empty basemap variables as unset', () => {
		const env = parseEnv({ BASEMAP_STYLE_URL: ' ', BASEMAP_PMTILES: '', BASEMAP_ATTRIBUTION: '' });
		expect(basemapFrom(env).public).toEqual({ kind: 'offline' });
	});

	it('accepts an online style URL and allows only its origin', () => {
		const env = parseEnv({
			BASEMAP_STYLE_URL: 'https://tiles.example.org/styles/liberty.json',
			BASEMAP_ATTRIBUTION: '© OpenStreetMap'
		});
		const b = basemapFrom(env);
		expect(b.public).toEqual({
			kind: 'style',
			url: 'https://tiles.example.org/styles/liberty.json',
			attribution: '© OpenStreetMap'
		});
		expect(b.origins).toEqual(['https://tiles.example.org']);
		const csp = withBasemapOrigins(PAGE_CSP, b.origins);
		expect(csp).toContain("connect-src 'self' https://tiles.example.org");
		expect(csp).toContain("img-src 'self' data: blob: https://tiles.example.org");
		expect(csp).toContain("script-src 'self'");
		expect(csp).not.toMatch(/script-src[^;]*example/);
	});

	it('serves a local PMTiles file from the app (never telling the page its path)', () => {
		const b = basemapFrom(parseEnv({ BASEMAP_PMTILES: './maps/hai-phong.pmtiles' }));
		expect(b.public).toEqual({ kind: 'pmtiles', url: LOCAL_PMTILES_PATH, attribution: null });
		expect(b.file).toMatch(/\/maps\/hai-phong\.pmtiles$/);
		expect(b.origins).toEqual([]);
	});

	it('reads a remote PMTiles archive from its origin', () => {
		const b = basemapFrom(parseEnv({ BASEMAP_PMTILES: 'https://cdn.example.net/vn.pmtiles' }));
		expect(b.public).toMatchObject({ kind: 'pmtiles', url: 'https://cdn.example.net/vn.pmtiles' });
		expect(b.origins).toEqual(['https://cdn.example.net']);
	});

	it.each([
		[
			{ BASEMAP_STYLE_URL: 'ftp://tiles.example.org/style.json' },
			/BASEMAP_STYLE_URL must be an http/
		],
		[{ BASEMAP_STYLE_URL: 'javascript:alert(1)' }, /BASEMAP_STYLE_URL must be an http/],
		[{ BASEMAP_STYLE_URL: 'https://user:pw@tiles.example.org/s.json' }, /BASEMAP_STYLE_URL/],
		[{ BASEMAP_PMTILES: './maps/hai-phong.mbtiles' }, /BASEMAP_PMTILES must be an http/],
		[{ BASEMAP_PMTILES: 'file:///srv/x.pmtiles' }, /BASEMAP_PMTILES must be an http/],
		[{ BASEMAP_ATTRIBUTION: 'a\u0007b' }, /BASEMAP_ATTRIBUTION must not contain control/],
		[
			{
				BASEMAP_STYLE_URL: 'https://a.example/s.json',
				BASEMAP_PMTILES: 'https://a.example/t.pmtiles'
			},
			/BASEMAP_STYLE_URL cannot be set together with BASEMAP_PMTILES/
		]
	])('refuses %j naming the variable', (env, message) => {
		expect(() => parseEnv(env)).toThrow(message);
	});
});
