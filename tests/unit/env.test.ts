import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, redactUrl } from '../../src/lib/server/env';

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
