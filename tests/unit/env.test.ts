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
});
