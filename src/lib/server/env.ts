import { z } from 'zod';
import { apiText } from '../domain/api-text';
import { hasControlChars } from '../domain/text';
import { passwordProblem } from './auth/password-policy';

function isWebUrl(s: string): boolean {
	try {
		const u = new URL(s);
		return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && !!u.host;
	} catch {
		return false;
	}
}

/** An optional text variable: trimmed, and empty counts as unset. */
function optionalText(schema: z.ZodType<string, string>) {
	return z
		.string()
		.trim()
		.transform((s) => (s === '' ? undefined : s))
		.pipe(schema.optional())
		.optional();
}

/** An optional variable for which an empty value means unset. */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) =>
	z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Configuration read from the environment, validated once at start. */
const EnvFields = z.object({
	DATABASE_URL: z
		.string()
		.trim()
		.regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// connection URL')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
	PORT: z.coerce
		.number({ message: 'must be a port number' })
		.int('must be a whole number')
		.min(1, 'must be between 1 and 65535')
		.max(65535, 'must be between 1 and 65535')
		.default(3000),
	HOST: z.string().trim().min(1).default('0.0.0.0'),
	/** auto = load the demo zone into a new embedded database; true/false force it. */
	DEMO_DATA: z
		.enum(['auto', 'true', 'false'], { message: 'must be auto, true or false' })
		.default('auto'),
	/** Password of the demo accounts (they exist only together with the demo zone). */
	DEMO_PASSWORD: z.string().min(1).max(200).default('demo'),
	/** First administrator of a deployment without demo data (created once, at first start). */
	ADMIN_USERNAME: z
		.string()
		.regex(/^[a-z0-9][a-z0-9_.-]{2,39}$/, 'must be 3–40 lowercase letters, digits, . _ -')
		.default('admin'),
	ADMIN_PASSWORD: z.string().max(200).optional(),
	/**
	 * The app's public origin behind a proxy (adapter-node builds request URLs from it). The origin
	 * rule compares a browser's Origin with it exactly; unset, host and port only.
	 */
	ORIGIN: optionalText(
		z
			.string()
			.refine(
				(s) => isWebUrl(s) && /^[a-z]+:\/\/[^/]+\/?$/i.test(s),
				'must be the public origin, e.g. https://anninh.example.vn (scheme, host and port; no path)'
			)
			.transform((s) => new URL(s).origin)
	),
	/** Requests one session or token may have in progress at once; more are answered 429. */
	MAX_REQUESTS_IN_FLIGHT: z.coerce
		.number({ message: 'must be a number' })
		.int('must be a whole number')
		.min(1, 'must be between 1 and 1000')
		.max(1000, 'must be between 1 and 1000')
		.default(16),
	/**
	 * The longest a request's statement may run on PostgreSQL, in ms (0 = no limit). PGlite cannot
	 * interrupt a statement (it runs on the server's own thread), so there it is not applied.
	 */
	STATEMENT_TIMEOUT_MS: z.coerce
		.number({ message: 'must be a number of milliseconds' })
		.int('must be a whole number of milliseconds')
		.refine((n) => n === 0 || (n >= 100 && n <= 3_600_000), 'must be 0 (no limit) or 100–3600000')
		.default(15_000),
	/** Days patrol units' positions are kept (personal data of officers); older ones are purged. */
	POSITION_RETENTION_DAYS: z.coerce
		.number({ message: 'must be a number of days' })
		.int('must be a whole number of days')
		.min(1, 'must be between 1 and 3650')
		.max(3650, 'must be between 1 and 3650')
		.default(90),
	SESSION_IDLE_MINUTES: z.coerce
		.number()
		.int()
		.min(5)
		.max(7 * 24 * 60)
		.default(240),
	SESSION_MAX_HOURS: z.coerce
		.number()
		.int()
		.min(1)
		.max(30 * 24)
		.default(12),
	/** Supabase Auth: the project's JWT secret; set it to accept Supabase access tokens. */
	SUPABASE_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
	SUPABASE_JWT_AUDIENCE: z.string().min(1).default('authenticated'),
	/**
	 * Supabase Auth in the browser: the project's URL and its public (anon) key. With both set, the
	 * login page signs in through supabase-js and exchanges the access token for our session.
	 */
	SUPABASE_URL: unsetWhenEmpty(
		z
			.string()
			.trim()
			.regex(
				/^(https:\/\/[a-z0-9.-]+(:\d+)?|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)\/?$/i,
				'must be the project URL, e.g. https://abcdefghijklmnop.supabase.co (http only for localhost)'
			)
			.transform((u) => u.replace(/\/$/, ''))
	),
	SUPABASE_ANON_KEY: unsetWhenEmpty(
		z
			.string()
			.trim()
			.regex(/^[A-Za-z0-9._-]{20,2000}$/, 'must be the project’s anon (public) API key')
	),
	/**
	 * An online basemap: the URL of a MapLibre style JSON (http or https). Unset: the offline
	 * basemap drawn from our own geometry.
	 */
	BASEMAP_STYLE_URL: optionalText(
		z
			.string()
			.max(2000, 'must be at most 2000 characters')
			.refine(isWebUrl, 'must be an http:// or https:// URL of a MapLibre style JSON')
	),
	/** A PMTiles basemap: an http(s) URL, or the path of a local .pmtiles file the app serves. */
	BASEMAP_PMTILES: optionalText(
		z
			.string()
			.max(2000, 'must be at most 2000 characters')
			.refine(
				(s) => isWebUrl(s) || (/\.pmtiles$/i.test(s) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s)),
				'must be an http(s):// URL or the path of a local .pmtiles file'
			)
	),
	/** The basemap's attribution (its licence usually requires one), shown on the map. */
	BASEMAP_ATTRIBUTION: optionalText(
		z
			.string()
			.max(300, 'must be at most 300 characters')
			.refine((s) => !hasControlChars(s), 'must not contain control characters')
	),
	DEMO_INCIDENTS: z.coerce
		.number({ message: 'must be a number' })
		.int()
		.min(0)
		.max(1_000_000, 'must be at most 1000000')
		.default(9000)
});

/** Variables that only make sense together. */
const EnvSchema = EnvFields.superRefine((env, ctx) => {
	// A weak first-administrator password is refused whenever it is set, before anything starts
	// (the zones' own names are checked too once the database is open: ensureFirstAdmin).
	const problem = env.ADMIN_PASSWORD
		? passwordProblem(env.ADMIN_PASSWORD, { username: env.ADMIN_USERNAME })
		: undefined;
	if (problem)
		ctx.addIssue({
			code: 'custom',
			path: ['ADMIN_PASSWORD'],
			message: apiText('en', problem)
		});
	if (env.BASEMAP_STYLE_URL && env.BASEMAP_PMTILES)
		ctx.addIssue({
			code: 'custom',
			path: ['BASEMAP_STYLE_URL'],
			message: 'cannot be set together with BASEMAP_PMTILES: choose one basemap'
		});
	if (env.SUPABASE_URL && !env.SUPABASE_ANON_KEY)
		ctx.addIssue({
			code: 'custom',
			path: ['SUPABASE_ANON_KEY'],
			message: 'must be set with SUPABASE_URL'
		});
	if (env.SUPABASE_ANON_KEY && !env.SUPABASE_URL)
		ctx.addIssue({
			code: 'custom',
			path: ['SUPABASE_URL'],
			message: 'must be set with SUPABASE_ANON_KEY'
		});
	if (env.SUPABASE_URL && !env.SUPABASE_JWT_SECRET)
		ctx.addIssue({
			code: 'custom',
			path: ['SUPABASE_JWT_SECRET'],
			message: 'must be set with SUPABASE_URL (the server verifies Supabase sign-ins with it)'
		});
});

export type AppEnv = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
	override name = 'ConfigError';
}

export function parseEnv(source: Record<string, string | undefined>): AppEnv {
	const res = EnvSchema.safeParse(source);
	if (res.success) return res.data;
	const issue = res.error.issues[0]!;
	const key = String(issue.path[0] ?? 'environment');
	throw new ConfigError(`Configuration error: ${key} ${issue.message}.`);
}

/** A DATABASE_URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		return `${u.protocol}//${u.username ? u.username + '@' : ''}${u.host}${u.pathname}`;
	} catch {
		return 'the configured DATABASE_URL';
	}
}
