import type { AppEnv } from './env';
import { loadMigrations, migrate } from './db/migrate';
import { openDatabase, type OpenedDb } from './db/open';
import { createDemoAccounts, ensureFirstAdmin } from './auth/accounts';
import { demoLoaded, seedDemo, DEMO_ZONE_CODE } from './demo/seed-demo';
import { auditChainHead, formatHead } from './audit/audit-chain';

export type Log = (message: string) => void;

/**
 * Opens the configured engine, applies pending migrations and, where configured, loads the demo
 * zone. Used by the server's init hook, the CLI tools and the tests.
 */
export async function startApp(
	env: AppEnv,
	log: Log
): Promise<OpenedDb & { demoAccounts: boolean }> {
	const opened = await openDatabase(env, log);
	const { db } = opened;
	try {
		const migrations = await loadMigrations();
		const res = await migrate(db, migrations, log);
		log(
			res.applied.length
				? `applied ${res.applied.length} migration(s); schema is current`
				: `schema is current (${res.skipped.length} migrations)`
		);
		const wantDemo =
			env.DEMO_DATA === 'true' || (env.DEMO_DATA === 'auto' && db.engine === 'pglite');
		if (wantDemo && !(await demoLoaded(db))) {
			const s = await seedDemo(db, { incidents: env.DEMO_INCIDENTS, progress: log });
			log(
				`demo zone loaded in ${(s.loadMs / 1000).toFixed(1)} s: ${s.incidents} incidents, ${s.accidents} accidents, ` +
					`${s.fireSites} fire-risk sites, ${s.teams} teams, ${s.patrolRoutes} patrol routes (synthetic data)`
			);
		}
		const [demo] = await db.query<{ id: string }>(
			`select id from zones where code = $1 and is_demo`,
			[DEMO_ZONE_CODE]
		);
		const demoAccounts = Boolean(demo && (await demoLoaded(db)));
		if (demo && demoAccounts) {
			// Demo accounts exist only together with the demo zone.
			await createDemoAccounts(db, demo.id, env.DEMO_PASSWORD);
		} else {
			await ensureFirstAdmin(db, env, log);
		}
		const head = await auditChainHead(db);
		if (head) {
			// Printed so that the log keeps it outside the database: `npm run audit:verify --
			// --head …` later proves the chain was not cut or rewritten after this point.
			log(`audit trail head ${formatHead(head)} (${head.at})`);
		}
		return { ...opened, demoAccounts };
	} catch (err) {
		await db.close().catch(() => {});
		throw err;
	}
}
