import { APP_ROLES } from './auth/principal';
import { createServer } from 'node:net';
import { startApp } from './app';
import { authConfigFrom } from './auth/config';
import { basemapFrom, checkPmtilesFile } from './basemap';
import { HealthMonitor } from './db/health';
import { requestPolicyFrom } from './guard/policy';
import { LiveHub } from './live/hub';
import { setDatabase, setDatabaseFailure } from './db/instance';
import { MigrationError } from './db/migrate';
import { StartupError } from './db/open';
import { ConfigError, parseEnv, type AppEnv } from './env';

const log = (message: string) => console.log(`[anninh] ${message}`);

/** Fails fast, with a sentence, when another program already listens on HOST:PORT. */
function checkPortFree(env: AppEnv): Promise<void> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', (err: NodeJS.ErrnoException) => {
			if (err.code === 'EADDRINUSE') {
				reject(
					new StartupError(
						`Port ${env.PORT} is already in use on ${env.HOST}: stop the program that uses it, or start with another port, e.g. PORT=3001 npm start.`
					)
				);
			} else if (err.code === 'EACCES') {
				reject(
					new StartupError(
						`Not allowed to listen on port ${env.PORT}: use a port above 1023, e.g. PORT=3000.`
					)
				);
			} else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
				reject(
					new StartupError(
						`HOST ${env.HOST} is not an address of this machine: use 0.0.0.0, 127.0.0.1 or a local address.`
					)
				);
			} else {
				reject(err);
			}
		});
		probe.listen(env.PORT, env.HOST, () => probe.close(() => resolve()));
	});
}

export interface StartOptions {
	/** The built server checks its port first; the dev server already listens. */
	checkPort: boolean;
}

/**
 * Starts the server's database. Any problem a person can fix ends the process with one clear
 * sentence instead of a stack trace.
 */
export async function startServer(opts: StartOptions): Promise<void> {
	try {
		const env = parseEnv(process.env);
		if (opts.checkPort) await checkPortFree(env);
		const basemap = basemapFrom(env);
		if (basemap.file) {
			const problem = await checkPmtilesFile(basemap.file);
			if (problem) throw new StartupError(problem);
		}
		const opened = await startApp(env, log);
		const auth = authConfigFrom(env);
		const live = new LiveHub(opened.db, { session: auth.session });
		await live.start();
		const health = new HealthMonitor(opened.db);
		await health.start();
		setDatabase({
			db: opened.db,
			postgisVersion: opened.postgisVersion,
			auth,
			live,
			health,
			requests: requestPolicyFrom(env)
		});
		log(`database ready: ${opened.db.engine}, PostGIS ${opened.postgisVersion}`);
		if (opts.checkPort) {
			const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
			log(`open http://${host}:${env.PORT} in a browser`);
			if (opened.demoAccounts) {
				log(
					`sign in with a demo account (${APP_ROLES.join(', ')}), ` +
						`password ${process.env.DEMO_PASSWORD ? 'from DEMO_PASSWORD' : '"demo"'}`
				);
			}
		}
		const shutdown = async () => {
			setDatabaseFailure('the server is shutting down');
			health.stop();
			await live.stop().catch(() => {});
			await opened.db.close().catch(() => {});
		};
		// adapter-node emits this after SIGINT/SIGTERM once requests have drained; PGlite must be
		// closed so that its data directory is flushed.
		process.once('sveltekit:shutdown' as 'exit', () => void shutdown());
	} catch (err) {
		if (
			err instanceof StartupError ||
			err instanceof ConfigError ||
			err instanceof MigrationError
		) {
			console.error(`\n[anninh] Cannot start: ${err.message}\n`);
		} else {
			const reason = err instanceof Error ? err.message : String(err);
			console.error(`\n[anninh] Cannot start: unexpected error: ${reason}\n`);
		}
		process.exit(1);
	}
}
