/**
 * `npm run seed -- [--incidents N] [--until ISO] [--seed N]`: loads the demo zone into the
 * configured database (DATABASE_URL, or the embedded one in DATA_DIR), replacing earlier demo
 * events. Benchmarks use --incidents 1000000.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadMigrations, migrate } from '../db/migrate';
import { openDatabase, StartupError } from '../db/open';
import { ConfigError, parseEnv } from '../env';
import { seedDemo } from './seed-demo';

const Args = z.object({
	incidents: z.coerce
		.number()
		.int()
		.min(0)
		.max(1_000_000, '--incidents must be at most 1000000')
		.default(9000),
	until: z.coerce.date().optional(),
	seed: z.coerce.number().int().optional()
});

async function main() {
	const { values } = parseArgs({
		options: { incidents: { type: 'string' }, until: { type: 'string' }, seed: { type: 'string' } }
	});
	const args = Args.safeParse(values);
	if (!args.success) {
		const i = args.error.issues[0]!;
		throw new ConfigError(`--${String(i.path[0])}: ${i.message}`);
	}
	const env = parseEnv(process.env);
	const log = (m: string) => console.log(`[seed] ${m}`);
	const { db } = await openDatabase(env, log);
	try {
		await migrate(db, await loadMigrations(), log);
		const s = await seedDemo(db, { ...args.data, progress: log });
		log(`done in ${(s.loadMs / 1000).toFixed(1)} s: ${JSON.stringify(s)}`);
	} finally {
		await db.close();
	}
}

main().catch((err) => {
	const known = err instanceof ConfigError || err instanceof StartupError;
	console.error(
		`[seed] ${known ? err.message : `failed: ${err instanceof Error ? err.message : err}`}`
	);
	process.exit(1);
});
