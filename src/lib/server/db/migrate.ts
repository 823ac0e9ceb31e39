import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Db } from './port';

export interface Migration {
	/** The timestamp prefix, as the Supabase CLI records it. */
	version: string;
	name: string;
	file: string;
	sql: string;
	checksum: string;
}

const FILE_RE = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export const DEFAULT_MIGRATIONS_DIR = resolve('supabase/migrations');

export async function loadMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
	let files: string[];
	try {
		files = await readdir(dir);
	} catch {
		throw new MigrationError(
			`The migrations folder ${dir} is missing: run the app from the project directory.`
		);
	}
	const out: Migration[] = [];
	for (const file of files.sort()) {
		if (!file.endsWith('.sql')) continue;
		const m = FILE_RE.exec(file);
		if (!m) {
			throw new MigrationError(
				`Migration file ${file} is not named <14-digit timestamp>_<name>.sql.`
			);
		}
		const sql = await readFile(join(dir, file), 'utf8');
		out.push({
			version: m[1]!,
			name: m[2]!,
			file,
			sql,
			checksum: createHash('sha256').update(sql).digest('hex')
		});
	}
	return out;
}

export class MigrationError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'MigrationError';
	}
}

// The same bookkeeping table the Supabase CLI uses, so a database migrated by `supabase db push`
// is recognised here and vice versa. `checksum` is ours (nullable: the CLI does not write it).
const BOOKKEEPING = `
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
	version text primary key,
	statements text[],
	name text
);
alter table supabase_migrations.schema_migrations add column if not exists checksum text;
`;

export type Progress = (message: string) => void;

export interface MigrateResult {
	applied: string[];
	skipped: string[];
}

/**
 * Applies pending migrations in order, each in its own transaction together with its bookkeeping
 * row, so a failing file leaves nothing half-applied. Idempotent; concurrent runners serialise
 * on an advisory lock.
 */
export async function migrate(
	db: Db,
	migrations: Migration[],
	progress: Progress = () => {}
): Promise<MigrateResult> {
	await db.exec(BOOKKEEPING);
	const done = new Map(
		(
			await db.query<{ version: string; checksum: string | null }>(
				'select version, checksum from supabase_migrations.schema_migrations'
			)
		).map((r) => [r.version, r.checksum])
	);
	const result: MigrateResult = { applied: [], skipped: [] };
	const pending = migrations.filter((m) => !done.has(m.version));
	for (const m of migrations) {
		const recorded = done.get(m.version);
		if (recorded !== undefined) {
			if (recorded && recorded !== m.checksum) {
				progress(`warning: ${m.file} changed after it was applied; migrations are append-only`);
			}
			result.skipped.push(m.file);
		}
	}
	let i = 0;
	for (const m of pending) {
		i += 1;
		progress(`applying migration ${i}/${pending.length}: ${m.file}`);
		try {
			await db.transaction(async (tx) => {
				await tx.query('select pg_advisory_xact_lock(7166001)');
				const again = await tx.query(
					'select 1 from supabase_migrations.schema_migrations where version = $1',
					[m.version]
				);
				if (again.length > 0) return;
				await tx.exec(m.sql);
				await tx.query(
					'insert into supabase_migrations.schema_migrations (version, name, checksum) values ($1, $2, $3)',
					[m.version, m.name, m.checksum]
				);
			});
		} catch (err) {
			const reason = err instanceof Error ? err.message : String(err);
			throw new MigrationError(`Migration ${m.file} failed: ${reason}`, { cause: err });
		}
		result.applied.push(m.file);
	}
	return result;
}
