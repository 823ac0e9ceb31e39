import { z } from 'zod';

/** Configuration read from the environment, validated once at start. */
const EnvSchema = z.object({
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
	DEMO_INCIDENTS: z.coerce
		.number({ message: 'must be a number' })
		.int()
		.min(0)
		.max(1_000_000, 'must be at most 1000000')
		.default(9000)
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
