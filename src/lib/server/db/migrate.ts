import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Db } from './port';
import { splitStatements } from './split-statements';

export interface Migration {
	/** The timestamp prefix, as the Supabase CLI records it. */
	version: string;
	name: string;
	file: string;
	sql: string;
	checksum: string;
	/** The file split as the Supabase CLI splits it; recorded so `supabase migration fetch` works. */
	statements: string[];
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
			checksum: createHash('sha256').update(sql).digest('hex'),
			statements: splitStatements(sql)
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
// is recognised here and vice versa: `statements` holds the file split as the CLI splits it (what
// `supabase migration fetch` writes back). `checksum` is ours (nullable: the CLI does not write it).
const BOOKKEEPING = `
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
	version text primary key,
	statements text[],
	name text
);
alter table supabase_migrations.schema_migrations add column if not exists checksum text;
`;

/**
 * Earlier texts of migrations edited in place after release, by version: their sha256 checksums.
 * Issue 9 §12 edited these files because a push to Supabase failed inside them or left Supabase's
 * default privileges in place: search paths now include `extensions`, privileges are revoked before
 * they are granted, and a missing PostGIS is created in `extensions` where that schema is in the
 * search path (Supabase). Migrations 20261129000010–000030 bring a database migrated with the
 * earlier text to the same end state (where PostGIS already was stays as it is), so a recorded
 * earlier checksum is up to date, not a changed file.
 */
export const EARLIER_CHECKSUMS: Readonly<Record<string, readonly string[]>> = {
	'20261127000200': ['1abca3874562cdc295e609ed8a02bb60d1c3f7ce45fd510abd2376499b2c7a47'],
	'20261127000500': ['69b887b745f75fb3a6b6a6815feca7d00d5a490559052fda05ece17e350725eb'],
	'20261127000600': ['ca3102f97d645f728ec10e1a6099f85c9ba8c0be893e600deb105e3c0797a056'],
	'20261127000700': ['c7eb10c1333f81fec9999acbc0cff01dde7f695db1251eeed4a1270f7cba18aa'],
	'20261127000900': ['4e1cd36cb525f9551cb289baba7b851a378b05691feae2a0cc048c7478fc184d'],
	'20261127001100': ['87313749e4dd412beb9f278b714419c7594eed12795288f64bce8d94337def0b'],
	'20261127001200': ['391e219cbe96dfc203bbb9ed9ce835b2f245b25af69eb4900152e64751a09f8b'],
	'20261127001310': ['903509b3a504ebc7f419fc7c8d29b32c1b84733cc74f06d6e2f11c1d82b5dc9d'],
	'20261127001320': ['8cca475801e551dd6438505e0a427097567ffb486cc42acc7474374544e1de44'],
	'20261128000100': ['18e23bc841a5cc6c1e57afa42c7729fe069549cc95493d81752ced3ec4fbfc1d']
};

/** Whether a recorded checksum is this file's text, now or before a known edit. */
function isKnownText(m: Migration, recorded: string): boolean {
	return recorded === m.checksum || (EARLIER_CHECKSUMS[m.version]?.includes(recorded) ?? false);
}

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
			await db.query<{ version: string; checksum: string | null; statements: boolean }>(
				`select version, checksum, statements is not null as statements
				from supabase_migrations.schema_migrations`
			)
		).map((r) => [r.version, r])
	);
	const result: MigrateResult = { applied: [], skipped: [] };
	const pending = migrations.filter((m) => !done.has(m.version));
	for (const m of migrations) {
		const recorded = done.get(m.version);
		if (!recorded) continue;
		result.skipped.push(m.file);
		if (recorded.checksum && !isKnownText(m, recorded.checksum)) {
			progress(`warning: ${m.file} changed after it was applied; migrations are append-only`);
		} else if (!recorded.statements) {
			// Recorded by an earlier version of this runner, which left the statements out.
			await db.query(
				`update supabase_migrations.schema_migrations set statements = $2
				where version = $1 and statements is null`,
				[m.version, m.statements]
			);
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
					`insert into supabase_migrations.schema_migrations (version, name, statements, checksum)
					values ($1, $2, $3, $4)`,
					[m.version, m.name, m.statements, m.checksum]
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
