import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { redactUrl, type AppEnv } from '../env';
import { openPGlite } from './pglite.engine';
import { openPostgres } from './postgres.engine';
import type { Db } from './port';

/** A failure a person can fix: the message says what is wrong and what to do. */
export class StartupError extends Error {
	override name = 'StartupError';
}

const PG_MAJOR = '18';
const LOCK_FILE = '.anninh.lock';

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Checks DATA_DIR before PGlite touches it; returns whether it is new. */
function inspectDataDir(dir: string): { fresh: boolean } {
	if (!existsSync(dir)) return { fresh: true };
	if (!statSync(dir).isDirectory()) {
		throw new StartupError(`DATA_DIR ${dir} is a file, not a folder: set DATA_DIR to a folder.`);
	}
	const entries = readdirSync(dir);
	if (entries.length === 0) return { fresh: true };
	const versionFile = join(dir, 'PG_VERSION');
	if (!existsSync(versionFile)) {
		throw new StartupError(
			`DATA_DIR ${dir} is not empty and is not an embedded database (it has no PG_VERSION file): ` +
				`point DATA_DIR to a new or empty folder, or move its contents away.`
		);
	}
	const version = readFileSync(versionFile, 'utf8').trim();
	if (version !== PG_MAJOR) {
		throw new StartupError(
			`DATA_DIR ${dir} holds a PostgreSQL ${version} database, but the embedded engine is ` +
				`PostgreSQL ${PG_MAJOR}: point DATA_DIR to a new folder, or dump and restore the data.`
		);
	}
	const lock = join(dir, LOCK_FILE);
	if (existsSync(lock)) {
		const pid = Number(readFileSync(lock, 'utf8').trim());
		if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) {
			throw new StartupError(
				`DATA_DIR ${dir} is in use by another running process (pid ${pid}): stop it first, ` +
					`or give this instance its own DATA_DIR.`
			);
		}
	}
	return { fresh: false };
}

function describePgError(err: unknown, url: string): string {
	const e = err as { code?: string; message?: string };
	const where = redactUrl(url);
	switch (e.code) {
		case 'ECONNREFUSED':
		case 'ENOTFOUND':
		case 'EHOSTUNREACH':
		case 'ETIMEDOUT':
		case 'CONNECT_TIMEOUT':
		case 'EAI_AGAIN':
			return `Cannot reach the PostgreSQL server at ${where} (${e.code}): start the server or correct DATABASE_URL.`;
		case '28P01':
		case '28000':
			return `PostgreSQL at ${where} refused the login (${e.code}): check the user and password in DATABASE_URL.`;
		case '3D000':
			return `The database in ${where} does not exist: create it (createdb) or correct DATABASE_URL.`;
		default:
			return `Cannot use the PostgreSQL server at ${where}: ${e.message ?? String(err)}.`;
	}
}

export interface OpenedDb {
	db: Db;
	/** True when an embedded database was created by this start. */
	fresh: boolean;
	postgisVersion: string;
}

export async function openDatabase(env: AppEnv, progress: (m: string) => void): Promise<OpenedDb> {
	if (env.DATABASE_URL) return openServer(env.DATABASE_URL, progress, env.STATEMENT_TIMEOUT_MS);
	return openEmbedded(resolve(env.DATA_DIR), progress);
}

async function ensurePostgis(db: Db, where: string): Promise<string> {
	const rows = await db.query<{ installed: string | null; available: string | null }>(
		`select
			(select extversion from pg_extension where extname = 'postgis') as installed,
			(select default_version from pg_available_extensions where name = 'postgis') as available`
	);
	const row = rows[0];
	if (!row?.installed && !row?.available) {
		throw new StartupError(
			`The PostGIS extension is not installed on the PostgreSQL server at ${where}: install it ` +
				`(Debian: apt-get install postgresql-15-postgis-3) or enable "postgis" in Supabase, then start again.`
		);
	}
	return (row.installed ?? row.available)!;
}

async function openServer(
	url: string,
	progress: (m: string) => void,
	statementTimeoutMs: number
): Promise<OpenedDb> {
	progress(`connecting to PostgreSQL at ${redactUrl(url)}`);
	const db = await openPostgres({ url, statementTimeoutMs });
	try {
		await db.query('select 1');
	} catch (err) {
		await db.close().catch(() => {});
		throw new StartupError(describePgError(err, url));
	}
	try {
		const postgisVersion = await ensurePostgis(db, redactUrl(url));
		return { db, fresh: false, postgisVersion };
	} catch (err) {
		await db.close().catch(() => {});
		throw err;
	}
}

/** How often the embedded database is vacuumed and analysed (PostgreSQL's autovacuum's job). */
export const EMBEDDED_MAINTENANCE_MS = 6 * 3600_000;

/**
 * PGlite runs no autovacuum. Without it the planner's statistics go stale as incidents accrue,
 * and pages changed since the last VACUUM lose their all-visible mark, so the viewport's
 * index-only scan has to visit the table for them. `vacuum (analyze)` skips pages that are still
 * all-visible, so a run costs about what changed since the last one; it holds the (single)
 * connection meanwhile, a second or two at 1M incidents.
 */
function startEmbeddedMaintenance(db: Db, log: (m: string) => void): () => void {
	let running = false;
	const timer = setInterval(async () => {
		if (running) return;
		running = true;
		const t0 = performance.now();
		try {
			await db.exec('vacuum (analyze)');
			log(`maintenance: vacuum (analyze) done in ${Math.round(performance.now() - t0)} ms`);
		} catch (err) {
			log(`maintenance: vacuum (analyze) failed: ${err instanceof Error ? err.message : err}`);
		} finally {
			running = false;
		}
	}, EMBEDDED_MAINTENANCE_MS);
	timer.unref();
	return () => clearInterval(timer);
}

async function openEmbedded(dir: string, progress: (m: string) => void): Promise<OpenedDb> {
	const { fresh } = inspectDataDir(dir);
	progress(
		fresh
			? `creating the embedded database in ${dir} (first start only: this takes up to a minute)`
			: `opening the embedded database in ${dir}`
	);
	await mkdir(dir, { recursive: true });
	let db: Db;
	try {
		db = await openPGlite({ dataDir: dir });
		await db.query('select 1');
	} catch (err) {
		const reason = err instanceof Error ? err.message : String(err);
		throw new StartupError(
			`The embedded database in ${dir} could not be opened; it looks damaged (${reason}): ` +
				`move the folder aside and start again to create a new one, or restore it from a backup.`
		);
	}
	writeFileSync(join(dir, LOCK_FILE), String(process.pid));
	const release = () => {
		try {
			rmSync(join(dir, LOCK_FILE), { force: true });
		} catch {
			/* best effort */
		}
	};
	process.once('exit', release);
	try {
		if (!fresh) {
			// A PGlite folder from another application: refuse rather than mix schemas.
			const [row] = await db.query<{ ours: boolean; tables: number }>(
				`select to_regclass('supabase_migrations.schema_migrations') is not null as ours,
					(select count(*)::int from pg_tables where schemaname = 'public' and tablename <> 'spatial_ref_sys') as tables`
			);
			if (row && !row.ours && row.tables > 0) {
				throw new StartupError(
					`DATA_DIR ${dir} holds another application's database: point DATA_DIR to a new folder.`
				);
			}
		}
		const postgisVersion = await ensurePostgis(db, dir);
		const stopMaintenance = startEmbeddedMaintenance(db, progress);
		const close = db.close.bind(db);
		db.close = async () => {
			stopMaintenance();
			await close();
			release();
		};
		return { db, fresh, postgisVersion };
	} catch (err) {
		await db.close().catch(() => {});
		release();
		throw err;
	}
}
